//! Every HTML page of the site: [`specs`] lists them (small values, cheap to make), and
//! [`render`] turns one into an output file, so the build can render pages in parallel and
//! write each as soon as it is made instead of holding the whole site in memory.

use super::markdown::{self, MarkdownOptions};
use super::templates::Theme;
use super::views::listing::{self, PlanList, pages};
use super::views::{Link, PageContext, SiteView, plan::plan_page};
use crate::diag::Diagnostic;
use crate::model::{PlanStatus, PlanType};
use crate::render::anchors::IdSet;
use crate::site::Site;
use crate::site::index::Index;
use crate::site::output::OutputFile;
use crate::site::urls::{Urls, paths};
use serde::Serialize;
use std::collections::HashMap;

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
    /// Content path (`illinois/plan.md`) -> URL, for `@/` links.
    pub links: HashMap<String, String>,
}

impl<'a> RenderContext<'a> {
    pub fn new(
        site: &'a Site,
        index: &'a Index,
        urls: &'a Urls,
        theme: &'a Theme,
        live_reload: bool,
    ) -> Self {
        let mut links = HashMap::new();
        for &i in &index.published {
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
        nav.extend(plain.iter().map(|p| Link {
            title: p.title.clone(),
            url: urls.url(&paths::page(&p.slug)),
        }));
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
            as_of: site.as_of.to_string(),
            live_reload,
            extra: c.extra.clone(),
        };
        RenderContext {
            site,
            index,
            urls,
            theme,
            site_view,
            links,
        }
    }

    /// Renders Markdown with this site's link resolution and settings.
    fn markdown(&self, text: &str, ids: &mut IdSet, heading_shift: u8) -> markdown::Rendered {
        let resolve = |target: &str| {
            let (path, fragment) = target
                .split_once('#')
                .map_or((target, None), |(p, f)| (p, Some(f)));
            let url = self.links.get(path)?;
            Some(match fragment {
                Some(f) => format!("{url}#{f}"),
                None => url.clone(),
            })
        };
        let options = MarkdownOptions {
            unsafe_html: self.site.config.unsafe_html,
            resolve: &resolve,
            heading_shift,
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

/// A page about to be rendered: its template, title, place and view.
struct Draft<T: Serialize> {
    template: &'static str,
    title: String,
    section: String,
    crumbs: Vec<Link>,
    page: T,
}

fn finish<T: Serialize>(cx: &RenderContext, spec: &PageSpec, d: Draft<T>) -> Result<OutputFile, Diagnostic> {
    let context = PageContext {
        site: &cx.site_view,
        title: d.title,
        url: cx.urls.url(&path(cx.site, spec)),
        section: if d.section.is_empty() {
            String::new()
        } else {
            cx.urls.url(&d.section)
        },
        crumbs: d.crumbs,
        page: d.page,
    };
    let bytes = cx.theme.render(d.template, &context)?;
    Ok(OutputFile::new(paths::file(&path(cx.site, spec)), bytes))
}

/// Page `n` (1-based) of a listing: (n, total pages, the slice).
fn page_of<T>(all: &[T], per_page: usize, n: usize) -> (usize, usize, &[T]) {
    pages(all, per_page).nth(n - 1).unwrap_or((1, 1, &[]))
}

fn crumb(cx: &RenderContext, title: &str, path: &str) -> Link {
    Link {
        title: title.to_string(),
        url: cx.urls.url(path),
    }
}

/// Renders one page.
pub fn render(cx: &RenderContext, spec: &PageSpec) -> Result<OutputFile, Diagnostic> {
    let (site, index, urls) = (cx.site, cx.index, cx.urls);
    let home = crumb(cx, "Home", "");
    let per_page = site.config.per_page;
    let paged_title = |title: String, n: usize| {
        if n > 1 {
            format!("{title} (page {n})")
        } else {
            title
        }
    };
    match spec {
        PageSpec::Home => {
            let intro = site.pages.iter().find(|p| p.is_index).map(|p| {
                cx.markdown(
                    site.body(p.source, &p.body),
                    &mut IdSet::with_reserved(["main"]),
                    1,
                )
                .html
            });
            let page = listing::dashboard(site, urls, index, intro);
            finish(
                cx,
                spec,
                Draft {
                    template: "index.html",
                    title: site.config.title.clone(),
                    section: "".into(),
                    crumbs: vec![],
                    page,
                },
            )
        }
        PageSpec::Plans(n) => {
            let page = PlanList::new(
                site,
                urls,
                "plans/",
                &index.published,
                page_of(&index.published, per_page, *n),
            );
            let title = paged_title("All plans".into(), *n);
            finish(
                cx,
                spec,
                Draft {
                    template: "plans.html",
                    title,
                    section: "plans/".into(),
                    crumbs: vec![home],
                    page,
                },
            )
        }
        PageSpec::Plan(i) => {
            let plan = &site.plans[*i];
            let plan_anchors = &index.anchors[i];
            let mut ids = plan_anchors.ids.clone();
            let body = cx.markdown(site.body(plan.source, &plan.body), &mut ids, 1);
            let page = plan_page(site, urls, *i, plan_anchors, body.html, &body.toc);
            let crumbs = vec![home, crumb(cx, "Plans", "plans/")];
            finish(
                cx,
                spec,
                Draft {
                    template: "plan.html",
                    title: plan.title.clone(),
                    section: "plans/".into(),
                    crumbs,
                    page,
                },
            )
        }
        PageSpec::Jurisdictions => {
            let jurisdictions = site
                .config
                .jurisdictions
                .iter()
                .map(|j| listing::JurisdictionRow::new(site, urls, index, &j.code))
                .collect();
            let page = listing::JurisdictionsIndex { jurisdictions };
            finish(
                cx,
                spec,
                Draft {
                    template: "states.html",
                    title: "States and territories".into(),
                    section: "states/".into(),
                    crumbs: vec![home],
                    page,
                },
            )
        }
        PageSpec::Jurisdiction(code, n) => {
            let all = index.by_jurisdiction.get(code).map_or(&[][..], Vec::as_slice);
            let folder = paths::state(code);
            let row = listing::JurisdictionRow::new(site, urls, index, code);
            let title = paged_title(row.name.clone(), *n);
            let page = listing::JurisdictionPage {
                jurisdiction: row,
                list: PlanList::new(site, urls, &folder, all, page_of(all, per_page, *n)),
            };
            let crumbs = vec![home, crumb(cx, "States and territories", "states/")];
            finish(
                cx,
                spec,
                Draft {
                    template: "state.html",
                    title,
                    section: "states/".into(),
                    crumbs,
                    page,
                },
            )
        }
        PageSpec::Regions => {
            let regions = site
                .config
                .jurisdictions
                .regions()
                .map(|r| listing::RegionRow::new(site, urls, index, &r.id))
                .collect();
            let page = listing::RegionsIndex { regions };
            finish(
                cx,
                spec,
                Draft {
                    template: "regions.html",
                    title: "Regions".into(),
                    section: "regions/".into(),
                    crumbs: vec![home],
                    page,
                },
            )
        }
        PageSpec::Region(id, n) => {
            let all = index.by_region.get(id).map_or(&[][..], Vec::as_slice);
            let folder = paths::region(id);
            let row = listing::RegionRow::new(site, urls, index, id);
            let title = paged_title(row.name.clone(), *n);
            let page = listing::RegionPage {
                region: row,
                list: PlanList::new(site, urls, &folder, all, page_of(all, per_page, *n)),
            };
            let crumbs = vec![home, crumb(cx, "Regions", "regions/")];
            finish(
                cx,
                spec,
                Draft {
                    template: "region.html",
                    title,
                    section: "regions/".into(),
                    crumbs,
                    page,
                },
            )
        }
        PageSpec::Types => {
            let page = listing::TermIndex {
                kind: "type",
                terms: listing::type_counts(site, urls, index),
            };
            finish(
                cx,
                spec,
                Draft {
                    template: "terms.html",
                    title: "Plan types".into(),
                    section: "plans/".into(),
                    crumbs: vec![home],
                    page,
                },
            )
        }
        PageSpec::Statuses => {
            let page = listing::TermIndex {
                kind: "status",
                terms: listing::status_counts(site, urls, index),
            };
            finish(
                cx,
                spec,
                Draft {
                    template: "terms.html",
                    title: "Plan statuses".into(),
                    section: "plans/".into(),
                    crumbs: vec![home],
                    page,
                },
            )
        }
        PageSpec::Type(t, n) => {
            let terms = listing::type_counts(site, urls, index);
            let term = terms
                .into_iter()
                .find(|c| c.term.name == t.name())
                .expect("specs lists types that have plans");
            let all = &index.by_type[t];
            let folder = paths::plan_type(t.name());
            let title = paged_title(t.plural_label().to_string(), *n);
            let page = listing::TermPage {
                kind: "type",
                term,
                list: PlanList::new(site, urls, &folder, all, page_of(all, per_page, *n)),
            };
            let crumbs = vec![home, crumb(cx, "Plan types", "types/")];
            finish(
                cx,
                spec,
                Draft {
                    template: "term.html",
                    title,
                    section: "plans/".into(),
                    crumbs,
                    page,
                },
            )
        }
        PageSpec::Status(s, n) => {
            let terms = listing::status_counts(site, urls, index);
            let term = terms
                .into_iter()
                .find(|c| c.term.name == s.name())
                .expect("specs lists statuses that have plans");
            let all = &index.by_status[s];
            let folder = paths::status(s.name());
            let title = paged_title(format!("{} plans", s.label()), *n);
            let page = listing::TermPage {
                kind: "status",
                term,
                list: PlanList::new(site, urls, &folder, all, page_of(all, per_page, *n)),
            };
            let crumbs = vec![home, crumb(cx, "Plan statuses", "status/")];
            finish(
                cx,
                spec,
                Draft {
                    template: "term.html",
                    title,
                    section: "plans/".into(),
                    crumbs,
                    page,
                },
            )
        }
        PageSpec::People(n) => people(cx, spec, *n, home),
        PageSpec::Person(slug, n) => person(cx, spec, slug, *n, home),
        PageSpec::Timeline => {
            let page = listing::timeline(site, urls, index);
            finish(
                cx,
                spec,
                Draft {
                    template: "timeline.html",
                    title: "Timeline".into(),
                    section: "timeline/".into(),
                    crumbs: vec![home],
                    page,
                },
            )
        }
        PageSpec::Search => {
            let page = serde_json::json!({});
            finish(
                cx,
                spec,
                Draft {
                    template: "search.html",
                    title: "Search".into(),
                    section: "search/".into(),
                    crumbs: vec![home],
                    page,
                },
            )
        }
        PageSpec::Page(i) => {
            let p = &site.pages[*i];
            let body = cx.markdown(
                site.body(p.source, &p.body),
                &mut IdSet::with_reserved(["main"]),
                1,
            );
            let page = listing::PlainPage {
                html: body.html,
                description: p.description.clone(),
                toc: body.toc,
            };
            let section = paths::page(&p.slug);
            finish(
                cx,
                spec,
                Draft {
                    template: "page.html",
                    title: p.title.clone(),
                    section,
                    crumbs: vec![home],
                    page,
                },
            )
        }
        PageSpec::NotFound => {
            let page = serde_json::json!({});
            finish(
                cx,
                spec,
                Draft {
                    template: "404.html",
                    title: "Page not found".into(),
                    section: "".into(),
                    crumbs: vec![home],
                    page,
                },
            )
        }
    }
}

fn people(cx: &RenderContext, spec: &PageSpec, n: usize, home: Link) -> Result<OutputFile, Diagnostic> {
    let (site, index, urls) = (cx.site, cx.index, cx.urls);
    let all: Vec<&String> = index.people.keys().collect();
    let (current, total, slice) = page_of(&all, site.config.per_page, n);
    let people = slice.iter().map(|slug| person_row(cx, slug)).collect();
    let page = listing::PeopleIndex {
        people,
        pager: super::views::Pager::new(urls, "people/", current, total),
        total: all.len(),
    };
    let title = if n > 1 {
        format!("People and groups (page {n})")
    } else {
        "People and groups".into()
    };
    finish(
        cx,
        spec,
        Draft {
            template: "people.html",
            title,
            section: "people/".into(),
            crumbs: vec![home],
            page,
        },
    )
}

fn person_row(cx: &RenderContext, slug: &str) -> listing::PersonRow {
    let person = &cx.index.people[slug];
    listing::PersonRow {
        name: person.name.clone(),
        url: cx.urls.url(&paths::person(slug)),
        items: person.items.len(),
        overdue: person.overdue,
    }
}

fn person(
    cx: &RenderContext,
    spec: &PageSpec,
    slug: &str,
    n: usize,
    home: Link,
) -> Result<OutputFile, Diagnostic> {
    let (site, urls) = (cx.site, cx.urls);
    let refs = &cx.index.people[slug].items;
    let folder = paths::person(slug);
    let (current, total, slice) = page_of(refs, site.config.per_page, n);
    let row = person_row(cx, slug);
    let title = if n > 1 {
        format!("{} (page {n})", row.name)
    } else {
        row.name.clone()
    };
    let page = listing::PersonPage {
        person: row,
        items: slice
            .iter()
            .map(|&r| super::views::ItemRow::new(site, cx.index, urls, r))
            .collect(),
        pager: super::views::Pager::new(urls, &folder, current, total),
    };
    let crumbs = vec![home, crumb(cx, "People and groups", "people/")];
    finish(
        cx,
        spec,
        Draft {
            template: "person.html",
            title,
            section: "people/".into(),
            crumbs,
            page,
        },
    )
}
