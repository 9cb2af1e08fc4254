//! Every HTML page of the site: [`specs`] lists them (small values, cheap to make), and
//! [`render`] turns one into an output file, so the build can render pages in parallel and
//! write each as soon as it is made instead of holding the whole site in memory. What each
//! kind of page shows is in [`kinds`].

mod kinds;

use super::markdown::{self, MarkdownOptions};
use super::templates::{Theme, template_error};
use super::views::listing::PlanRows;
use super::views::listing::pages;
use super::views::{Link, PageContext, PlanRowParts, SiteView};
use crate::diag::Diagnostic;
use crate::model::anchors::IdSet;
use crate::model::{PlanStatus, PlanType};
use crate::output_file::OutputFile;
use crate::site::Site;
use crate::site::index::Index;
use crate::site::urls::{Urls, paths};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// One page of the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PageSpec {
    Home,
    /// Page N of the plans table.
    Plans(usize),
    Plan(usize),
    Jurisdictions,
    Jurisdiction(String, usize),
    Regions,
    Region(String, usize),
    Types,
    Type(PlanType, usize),
    Statuses,
    Status(PlanStatus, usize),
    People(usize),
    Person(String, usize),
    Timeline,
    Search,
    /// A plain page, by index in `site.pages`.
    Page(usize),
    NotFound,
}

/// What every page render needs, made once per build.
pub struct RenderContext<'a> {
    pub site: &'a Site,
    pub index: &'a Index,
    pub urls: &'a Urls,
    pub theme: &'a Theme,
    pub site_view: SiteView,
    /// `site_view` as a template value, converted once: every page gets a (cheap) clone. None
    /// only if it could not be converted, and then each page reports why.
    site_value: Option<tera::Value>,
    /// Content path (`illinois/plan.md`) -> URL, for `@/` links: made on the first such
    /// link (see [`RenderContext::links`]), as many sites have none.
    links: OnceLock<HashMap<String, String>>,
    /// Every plan's URL, and the terms rows of plans share.
    pub plan_rows: PlanRowParts,
    /// Code blocks highlighted so far: each distinct block is highlighted once per build.
    pub highlights: markdown::Highlights,
    /// Each page's links are made relative to it (`relative_urls`). Not while serving:
    /// the preview is served from its web server, and its live-reload script is not a
    /// file of the site.
    relative_urls: bool,
}

impl<'a> RenderContext<'a> {
    pub fn new(
        site: &'a Site,
        index: &'a Index,
        urls: &'a Urls,
        theme: &'a Theme,
        live_reload: bool,
    ) -> Self {
        Self::with_rows(
            site,
            index,
            urls,
            theme,
            live_reload,
            PlanRowParts::new(site, urls),
        )
    }

    /// [`RenderContext::new`] with the parts of plan rows already made: they do not need
    /// the index, so a build makes them while the index is made.
    pub fn with_rows(
        site: &'a Site,
        index: &'a Index,
        urls: &'a Urls,
        theme: &'a Theme,
        live_reload: bool,
        plan_rows: PlanRowParts,
    ) -> Self {
        let mut nav = vec![
            Link {
                title: "Plans".into(),
                url: urls.url("plans/"),
            },
            Link {
                title: "States".into(),
                url: urls.url("states/"),
            },
            Link {
                title: "Regions".into(),
                url: urls.url("regions/"),
            },
            Link {
                title: "People".into(),
                url: urls.url("people/"),
            },
            Link {
                title: "Timeline".into(),
                url: urls.url("timeline/"),
            },
        ];
        let mut plain: Vec<_> = site.pages.iter().filter(|p| !p.is_index).collect();
        plain.sort_by(|a, b| {
            (a.order.is_none(), a.order, &a.title).cmp(&(b.order.is_none(), b.order, &b.title))
        });
        let pages: Vec<Link> = plain
            .iter()
            .map(|p| Link {
                title: p.title.clone(),
                url: urls.url(&paths::page(&p.slug)),
            })
            .collect();
        nav.extend(pages.iter().cloned());
        nav.push(Link {
            title: "Search".into(),
            url: urls.url("search/"),
        });
        let c = &site.config;
        let site_view = SiteView {
            title: c.title.clone(),
            description: c.description.clone(),
            language: c.language.clone(),
            base: urls.home(),
            nav,
            pages,
            as_of: site.as_of.to_string(),
            live_reload,
            extra: c.extra.clone(),
        };
        RenderContext {
            site,
            index,
            urls,
            theme,
            site_value: tera::Value::try_from_serializable(&site_view).ok(),
            site_view,
            links: OnceLock::new(),
            plan_rows,
            highlights: markdown::Highlights::default(),
            relative_urls: c.relative_urls && !live_reload,
        }
    }

    /// Content path (`illinois/plan.md`) -> URL of every published plan and every page.
    fn links(&self) -> &HashMap<String, String> {
        self.links.get_or_init(|| {
            let (site, urls) = (self.site, self.urls);
            let mut links = HashMap::new();
            for &i in &self.index.published {
                let plan = &site.plans[i];
                if let Some(rel) = site.paths.get(&plan.source) {
                    links.insert(rel.clone(), urls.url(&paths::plan(&plan.slug)));
                }
            }
            for page in &site.pages {
                if let Some(rel) = site.paths.get(&page.source) {
                    let path = if page.is_index {
                        String::new()
                    } else {
                        paths::page(&page.slug)
                    };
                    links.insert(rel.clone(), urls.url(&path));
                }
            }
            links
        })
    }

    /// What listings make rows of plans from.
    fn rows(&self) -> PlanRows<'_> {
        PlanRows {
            site: self.site,
            urls: self.urls,
            parts: &self.plan_rows,
        }
    }

    /// Renders Markdown with this site's link resolution and settings.
    fn markdown(&self, text: &str, ids: &mut IdSet<'_>, heading_shift: u8) -> markdown::Rendered {
        let resolve = |target: &str| {
            let (path, fragment) = target
                .split_once('#')
                .map_or((target, None), |(p, f)| (p, Some(f)));
            let url = self.links().get(path)?;
            Some(match fragment {
                Some(f) => format!("{url}#{f}"),
                None => url.clone(),
            })
        };
        let options = MarkdownOptions {
            unsafe_html: self.site.config.unsafe_html,
            resolve: &resolve,
            heading_shift,
            highlights: &self.highlights,
        };
        markdown::render(text, &options, ids)
    }
}

/// Every page of the site, in a stable order.
pub fn specs(site: &Site, index: &Index) -> Vec<PageSpec> {
    let per_page = site.config.per_page;
    let count = |n: usize| n.div_ceil(per_page).max(1);
    let mut specs = vec![PageSpec::Home];
    specs.extend((1..=count(index.published.len())).map(PageSpec::Plans));
    specs.extend(index.published.iter().map(|&i| PageSpec::Plan(i)));
    specs.push(PageSpec::Jurisdictions);
    for j in site.config.jurisdictions.iter() {
        let n = index.by_jurisdiction.get(&j.code).map_or(0, Vec::len);
        specs.extend((1..=count(n)).map(|p| PageSpec::Jurisdiction(j.code.clone(), p)));
    }
    specs.push(PageSpec::Regions);
    for r in site.config.jurisdictions.regions() {
        let n = index.by_region.get(&r.id).map_or(0, Vec::len);
        specs.extend((1..=count(n)).map(|p| PageSpec::Region(r.id.clone(), p)));
    }
    specs.push(PageSpec::Types);
    for (t, plans) in &index.by_type {
        specs.extend((1..=count(plans.len())).map(|p| PageSpec::Type(*t, p)));
    }
    specs.push(PageSpec::Statuses);
    for (s, plans) in &index.by_status {
        specs.extend((1..=count(plans.len())).map(|p| PageSpec::Status(*s, p)));
    }
    specs.extend((1..=count(index.people.len())).map(PageSpec::People));
    for (slug, person) in &index.people {
        specs.extend((1..=count(person.items.len())).map(|p| PageSpec::Person(slug.clone(), p)));
    }
    specs.push(PageSpec::Timeline);
    specs.push(PageSpec::Search);
    specs.extend(
        site.pages
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.is_index)
            .map(|(i, _)| PageSpec::Page(i)),
    );
    specs.push(PageSpec::NotFound);
    specs
}

/// Every page of the site, in the order a full build renders them: [`specs`], with the plan
/// pages in the order the plans were loaded.
pub fn render_specs(site: &Site, index: &Index) -> Vec<PageSpec> {
    let mut specs = specs(site, index);
    in_render_order(&mut specs);
    specs
}

/// Puts the plan pages of `specs` in the order the plans were loaded, which is the order
/// their parts lie in memory; the other pages keep their places. Rendered in title order,
/// each plan page started far from the last, and plan pages took about 6% longer.
fn in_render_order(specs: &mut [PageSpec]) {
    let mut plans: Vec<usize> = specs
        .iter()
        .filter_map(|s| match s {
            PageSpec::Plan(i) => Some(*i),
            _ => None,
        })
        .collect();
    plans.sort_unstable();
    let mut plans = plans.into_iter();
    for spec in specs {
        if let PageSpec::Plan(i) = spec
            && let Some(next) = plans.next()
        {
            *i = next;
        }
    }
}

/// The output path of a page (`plans/x/`, `states/il/page/2/`, `404.html`).
pub fn path(site: &Site, spec: &PageSpec) -> String {
    match spec {
        PageSpec::Home => String::new(),
        PageSpec::Plans(n) => paths::plans(*n),
        PageSpec::Plan(i) => paths::plan(&site.plans[*i].slug),
        PageSpec::Jurisdictions => "states/".into(),
        PageSpec::Jurisdiction(code, n) => paths::paged(&paths::state(code), *n),
        PageSpec::Regions => "regions/".into(),
        PageSpec::Region(id, n) => paths::paged(&paths::region(id), *n),
        PageSpec::Types => "types/".into(),
        PageSpec::Type(t, n) => paths::paged(&paths::plan_type(t.name()), *n),
        PageSpec::Statuses => "status/".into(),
        PageSpec::Status(s, n) => paths::paged(&paths::status(s.name()), *n),
        PageSpec::People(n) => paths::paged("people/", *n),
        PageSpec::Person(slug, n) => paths::paged(&paths::person(slug), *n),
        PageSpec::Timeline => "timeline/".into(),
        PageSpec::Search => "search/".into(),
        PageSpec::Page(i) => paths::page(&site.pages[*i].slug),
        PageSpec::NotFound => "404.html".into(),
    }
}

/// A page about to be rendered: its template, title, place in the navigation and view.
struct Draft<T: Serialize> {
    template: &'static str,
    title: String,
    /// The output path of the navigation entry it belongs under (`plans/`), or empty.
    section: String,
    crumbs: Vec<Link>,
    page: T,
}

impl<T: Serialize> Draft<T> {
    fn new(template: &'static str, title: impl Into<String>, section: impl Into<String>, page: T) -> Self {
        Draft {
            template,
            title: title.into(),
            section: section.into(),
            crumbs: Vec::new(),
            page,
        }
    }

    /// Breadcrumbs: home, then each `(title, path)`.
    fn crumbs(mut self, cx: &RenderContext, trail: &[(&str, &str)]) -> Self {
        self.crumbs = std::iter::once(("Home", ""))
            .chain(trail.iter().copied())
            .map(|(t, p)| crumb(cx, t, p))
            .collect();
        self
    }
}

fn finish<T: Serialize>(cx: &RenderContext, spec: &PageSpec, d: Draft<T>) -> Result<OutputFile, Diagnostic> {
    let path = path(cx.site, spec);
    let context = PageContext {
        title: d.title,
        url: cx.urls.url(&path),
        section: if d.section.is_empty() {
            String::new()
        } else {
            cx.urls.url(&d.section)
        },
        crumbs: d.crumbs,
        page: d.page,
    };
    let error = |e: tera::Error| template_error(&e, Some(d.template));
    let mut context = tera::Context::from_serialize(&context).map_err(error)?;
    let site = match &cx.site_value {
        Some(value) => value.clone(),
        None => tera::Value::try_from_serializable(&cx.site_view).map_err(error)?,
    };
    context.insert_value("site", site);
    let mut bytes = cx.theme.render_context(d.template, &context)?;
    if cx.relative_urls {
        bytes = relative(bytes, &path, cx.urls);
    }
    Ok(OutputFile::new(paths::file(&path), bytes))
}

/// `html`, the page at output path `page`, with its links relative to it.
fn relative(html: Vec<u8>, page: &str, urls: &Urls) -> Vec<u8> {
    match std::str::from_utf8(&html) {
        Ok(text) => crate::render::relative_urls::rewrite(text, page, urls).into_bytes(),
        // Templates render text; were it ever not, the page is written as it was made.
        Err(_) => html,
    }
}

/// Page `n` (1-based) of a listing: (n, total pages, the slice).
fn page_of<T>(all: &[T], per_page: usize, n: usize) -> (usize, usize, &[T]) {
    pages(all, per_page).nth(n - 1).unwrap_or((1, 1, &[]))
}

/// `Title`, or `Title (page 3)` past the first page.
fn paged_title(title: String, n: usize) -> String {
    if n > 1 {
        format!("{title} (page {n})")
    } else {
        title
    }
}

fn crumb(cx: &RenderContext, title: &str, path: &str) -> Link {
    Link {
        title: title.to_string(),
        url: cx.urls.url(path),
    }
}

/// Renders one page.
pub fn render(cx: &RenderContext, spec: &PageSpec) -> Result<OutputFile, Diagnostic> {
    match spec {
        PageSpec::Home => kinds::home(cx, spec),
        PageSpec::Plans(n) => kinds::plans(cx, spec, *n),
        PageSpec::Plan(i) => kinds::plan(cx, spec, *i),
        PageSpec::Jurisdictions => kinds::jurisdictions(cx, spec),
        PageSpec::Jurisdiction(code, n) => kinds::jurisdiction(cx, spec, code, *n),
        PageSpec::Regions => kinds::regions(cx, spec),
        PageSpec::Region(id, n) => kinds::region(cx, spec, id, *n),
        PageSpec::Types => kinds::terms(cx, spec, kinds::Vocab::Types),
        PageSpec::Statuses => kinds::terms(cx, spec, kinds::Vocab::Statuses),
        PageSpec::Type(t, n) => kinds::term(cx, spec, kinds::Term::Type(*t), *n),
        PageSpec::Status(s, n) => kinds::term(cx, spec, kinds::Term::Status(*s), *n),
        PageSpec::People(n) => kinds::people(cx, spec, *n),
        PageSpec::Person(slug, n) => kinds::person(cx, spec, slug, *n),
        PageSpec::Timeline => kinds::timeline(cx, spec),
        PageSpec::Search => finish(
            cx,
            spec,
            Draft::new("search.html", "Search", "search/", ()).crumbs(cx, &[]),
        ),
        PageSpec::Page(i) => kinds::plain(cx, spec, *i),
        PageSpec::NotFound => finish(
            cx,
            spec,
            Draft::new("404.html", "Page not found", "", ()).crumbs(cx, &[]),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_order_sorts_plan_pages_and_keeps_the_others_in_place() {
        let mut specs = vec![
            PageSpec::Home,
            PageSpec::Plans(1),
            PageSpec::Plan(7),
            PageSpec::Plan(2),
            PageSpec::Plan(9),
            PageSpec::Plan(0),
            PageSpec::Jurisdictions,
            PageSpec::Person("a".into(), 1),
            PageSpec::NotFound,
        ];
        in_render_order(&mut specs);
        assert_eq!(
            specs,
            [
                PageSpec::Home,
                PageSpec::Plans(1),
                PageSpec::Plan(0),
                PageSpec::Plan(2),
                PageSpec::Plan(7),
                PageSpec::Plan(9),
                PageSpec::Jurisdictions,
                PageSpec::Person("a".into(), 1),
                PageSpec::NotFound,
            ]
        );
    }
}
