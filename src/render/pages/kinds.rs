//! What each kind of page shows: the view it builds from the site, its template, title and
//! place in the navigation.

use super::{Draft, RenderContext, finish, page_of, paged_title};
use crate::diag::Diagnostic;
use crate::model::anchors::IdSet;
use crate::model::{PlanStatus, PlanType};
use crate::output_file::OutputFile;
use crate::render::pages::PageSpec;
use crate::render::views::listing::{self, PlanList, TermCount};
use crate::render::views::{ItemRow, Pager, plan::plan_page};
use crate::site::urls::paths;

type Page = Result<OutputFile, Diagnostic>;

pub(super) fn home(cx: &RenderContext, spec: &PageSpec) -> Page {
    let site = cx.site;
    let intro = site.pages.iter().find(|p| p.is_index);
    let intro = intro.map(|p| site.body(p.source, &p.body)).transpose()?;
    let intro = intro.map(|body| cx.markdown(&body, &mut IdSet::with_reserved(["main"]), 1).html);
    let page = listing::dashboard(site, cx.urls, cx.index, &cx.plan_rows, intro);
    finish(
        cx,
        spec,
        Draft::new("index.html", site.config.title.clone(), "", page),
    )
}

pub(super) fn plans(cx: &RenderContext, spec: &PageSpec, n: usize) -> Page {
    let all = &cx.index.published;
    let page = PlanList::new(cx.rows(), "plans/", all, page_of(all, cx.site.config.per_page, n));
    let draft = Draft::new("plans.html", paged_title("All plans".into(), n), "plans/", page);
    finish(cx, spec, draft.crumbs(cx, &[]))
}

pub(super) fn plan(cx: &RenderContext, spec: &PageSpec, i: usize) -> Page {
    let plan = &cx.site.plans[i];
    let anchors = cx.index.plan_anchors(i);
    // The narrative's heading ids continue from the ids the page's own parts took.
    let mut ids = anchors.borrowed_ids();
    let body = cx.markdown(&cx.site.body(plan.source, &plan.body)?, &mut ids, 1);
    let page = plan_page(cx.site, cx.urls, i, anchors, &body.html, &body.toc);
    let draft = Draft::new("plan.html", plan.title.clone(), "plans/", page);
    finish(cx, spec, draft.crumbs(cx, &[("Plans", "plans/")]))
}

pub(super) fn jurisdictions(cx: &RenderContext, spec: &PageSpec) -> Page {
    let rows = cx.site.config.jurisdictions.iter();
    let jurisdictions = rows
        .map(|j| listing::JurisdictionRow::new(cx.site, cx.urls, cx.index, &j.code))
        .collect();
    let page = listing::JurisdictionsIndex { jurisdictions };
    finish(
        cx,
        spec,
        Draft::new("states.html", "States and territories", "states/", page).crumbs(cx, &[]),
    )
}

pub(super) fn jurisdiction(cx: &RenderContext, spec: &PageSpec, code: &str, n: usize) -> Page {
    let all = cx.index.by_jurisdiction.get(code).map_or(&[][..], Vec::as_slice);
    let folder = paths::state(code);
    let row = listing::JurisdictionRow::new(cx.site, cx.urls, cx.index, code);
    let title = paged_title(row.name.clone(), n);
    let list = PlanList::new(cx.rows(), &folder, all, page_of(all, cx.site.config.per_page, n));
    let page = listing::JurisdictionPage {
        jurisdiction: row,
        list,
    };
    let draft = Draft::new("state.html", title, "states/", page);
    finish(
        cx,
        spec,
        draft.crumbs(cx, &[("States and territories", "states/")]),
    )
}

pub(super) fn regions(cx: &RenderContext, spec: &PageSpec) -> Page {
    let rows = cx.site.config.jurisdictions.regions();
    let regions = rows
        .map(|r| listing::RegionRow::new(cx.site, cx.urls, cx.index, &r.id))
        .collect();
    let page = listing::RegionsIndex { regions };
    finish(
        cx,
        spec,
        Draft::new("regions.html", "Regions", "regions/", page).crumbs(cx, &[]),
    )
}

pub(super) fn region(cx: &RenderContext, spec: &PageSpec, id: &str, n: usize) -> Page {
    let all = cx.index.by_region.get(id).map_or(&[][..], Vec::as_slice);
    let folder = paths::region(id);
    let row = listing::RegionRow::new(cx.site, cx.urls, cx.index, id);
    let title = paged_title(row.name.clone(), n);
    let list = PlanList::new(cx.rows(), &folder, all, page_of(all, cx.site.config.per_page, n));
    let page = listing::RegionPage { region: row, list };
    finish(
        cx,
        spec,
        Draft::new("region.html", title, "regions/", page).crumbs(cx, &[("Regions", "regions/")]),
    )
}

/// The two vocabularies plans are listed by.
#[derive(Debug, Clone, Copy)]
pub(super) enum Vocab {
    Types,
    Statuses,
}

/// One plan type or plan status.
#[derive(Debug, Clone, Copy)]
pub(super) enum Term {
    Type(PlanType),
    Status(PlanStatus),
}

impl Vocab {
    fn kind(self) -> &'static str {
        match self {
            Vocab::Types => "type",
            Vocab::Statuses => "status",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Vocab::Types => "Plan types",
            Vocab::Statuses => "Plan statuses",
        }
    }

    fn path(self) -> &'static str {
        match self {
            Vocab::Types => "types/",
            Vocab::Statuses => "status/",
        }
    }

    fn counts(self, cx: &RenderContext) -> Vec<TermCount> {
        match self {
            Vocab::Types => listing::type_counts(cx.urls, cx.index),
            Vocab::Statuses => listing::status_counts(cx.urls, cx.index),
        }
    }
}

pub(super) fn terms(cx: &RenderContext, spec: &PageSpec, vocab: Vocab) -> Page {
    let page = listing::TermIndex {
        kind: vocab.kind(),
        terms: vocab.counts(cx),
    };
    finish(
        cx,
        spec,
        Draft::new("terms.html", vocab.title(), "plans/", page).crumbs(cx, &[]),
    )
}

pub(super) fn term(cx: &RenderContext, spec: &PageSpec, term: Term, n: usize) -> Page {
    let urls = cx.urls;
    let (vocab, label, title, all, folder) = match term {
        Term::Type(t) => {
            let label = crate::render::views::Term::plan_type(t, urls);
            (
                Vocab::Types,
                label,
                t.plural_label().to_string(),
                &cx.index.by_type[&t],
                paths::plan_type(t.name()),
            )
        }
        Term::Status(s) => {
            let label = crate::render::views::Term::plan_status(s, urls);
            let title = format!("{} plans", s.label());
            (
                Vocab::Statuses,
                label,
                title,
                &cx.index.by_status[&s],
                paths::status(s.name()),
            )
        }
    };
    // Only this term's figures: every page of every term listing computing all of them
    // grew with the square of the site.
    let count = TermCount {
        term: label,
        count: all.len(),
        progress: Some(match term {
            Term::Type(t) => crate::render::views::Progress::new(&cx.index.rollups.by_type[&t]),
            Term::Status(s) => crate::render::views::Progress::new(&cx.index.rollups.by_status[&s]),
        }),
    };
    let list = PlanList::new(cx.rows(), &folder, all, page_of(all, cx.site.config.per_page, n));
    let page = listing::TermPage {
        kind: vocab.kind(),
        term: count,
        list,
    };
    let draft = Draft::new("term.html", paged_title(title, n), "plans/", page);
    finish(cx, spec, draft.crumbs(cx, &[(vocab.title(), vocab.path())]))
}

pub(super) fn people(cx: &RenderContext, spec: &PageSpec, n: usize) -> Page {
    let all: Vec<&String> = cx.index.people.keys().collect();
    let (current, total, slice) = page_of(&all, cx.site.config.per_page, n);
    let page = listing::PeopleIndex {
        people: slice.iter().map(|slug| person_row(cx, slug)).collect(),
        pager: Pager::new(cx.urls, "people/", current, total),
        total: all.len(),
    };
    let draft = Draft::new(
        "people.html",
        paged_title("People and groups".into(), n),
        "people/",
        page,
    );
    finish(cx, spec, draft.crumbs(cx, &[]))
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

pub(super) fn person(cx: &RenderContext, spec: &PageSpec, slug: &str, n: usize) -> Page {
    let folder = paths::person(slug);
    let (current, total, slice) = page_of(&cx.index.people[slug].items, cx.site.config.per_page, n);
    let row = person_row(cx, slug);
    let title = paged_title(row.name.clone(), n);
    let page = listing::PersonPage {
        person: row,
        items: ItemRow::rows(cx.site, cx.index, &cx.plan_rows.urls, slice),
        pager: Pager::new(cx.urls, &folder, current, total),
    };
    let draft = Draft::new("person.html", title, "people/", page);
    finish(cx, spec, draft.crumbs(cx, &[("People and groups", "people/")]))
}

pub(super) fn timeline(cx: &RenderContext, spec: &PageSpec) -> Page {
    let page = listing::timeline(cx.site, cx.index, &cx.plan_rows.urls);
    finish(
        cx,
        spec,
        Draft::new("timeline.html", "Timeline", "timeline/", page).crumbs(cx, &[]),
    )
}

pub(super) fn plain(cx: &RenderContext, spec: &PageSpec, i: usize) -> Page {
    let p = &cx.site.pages[i];
    let body = cx.markdown(
        &cx.site.body(p.source, &p.body)?,
        &mut IdSet::with_reserved(["main"]),
        1,
    );
    let page = listing::PlainPage {
        html: body.html,
        description: p.description.clone(),
        toc: body.toc,
    };
    finish(
        cx,
        spec,
        Draft::new("page.html", p.title.clone(), paths::page(&p.slug), page).crumbs(cx, &[]),
    )
}
