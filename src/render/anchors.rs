//! Heading ids and internal links, shared by the renderer (which writes them) and `check`
//! (which verifies `@/path.md#anchor` links against them): one algorithm, so a link that
//! checks is a link that works.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

/// The Markdown extensions planpress enables everywhere.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// An anchor from a label or heading text: `Goal 1: Reach all` -> `goal-1-reach-all`.
pub fn anchor(text: &str) -> String {
    let slug = slug::slugify(text);
    if slug.is_empty() { "section".into() } else { slug }
}

/// Makes ids unique on a page the way GitHub does: `a`, `a-1`, `a-2`. The ids taken before
/// the page's headings are borrowed where they can be (a plan page's anchors): copying every
/// anchor of every plan page into a set was a noticeable part of rendering it.
#[derive(Debug, Default, Clone)]
pub struct IdSet<'a> {
    used: HashSet<Cow<'a, str>>,
}

impl<'a> IdSet<'a> {
    /// Reserves ids the page chrome already uses, so headings do not take them.
    pub fn with_reserved(ids: impl IntoIterator<Item = &'a str>) -> IdSet<'a> {
        IdSet {
            used: ids.into_iter().map(Cow::Borrowed).collect(),
        }
    }

    pub fn unique(&mut self, base: String) -> String {
        let mut id = base.clone();
        let mut n = 0;
        while self.used.contains(id.as_str()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.used.insert(Cow::Owned(id.clone()));
        id
    }
}

/// Section ids of a plan page, taken before any heading of the narrative.
pub const PLAN_SECTIONS: &[&str] = &[
    "main",
    "contents",
    "summary",
    "goals",
    "timeline",
    "outcomes",
    "measures",
    "narrative",
    "people",
];

/// The anchor of a labelled goal, objective, item or step (`I` -> `i`, `1.2` -> `1-2`).
pub fn label_anchor(id: &str) -> String {
    anchor(id)
}

/// The anchor of every goal, objective, action, deliverable and timeline step of a plan
/// page, handed out from one pool in page order so that none repeats (two actions labelled
/// `1` become `1` and `1-1`) and none takes a section's id. A labelled part is anchored by
/// its label (`I` -> `i`, `1.2` -> `1-2`), an unlabelled one by its place (`g1-o2-a3`).
#[derive(Debug, Clone, Default)]
pub struct PlanAnchors {
    pub goals: Vec<String>,
    /// `[goal][objective]`
    pub objectives: Vec<Vec<String>>,
    /// `[goal][objective][index]`
    pub actions: Vec<Vec<Vec<String>>>,
    pub deliverables: Vec<Vec<Vec<String>>>,
    pub steps: Vec<String>,
}

impl PlanAnchors {
    pub fn new(plan: &crate::model::Plan) -> PlanAnchors {
        let mut ids = IdSet::with_reserved(PLAN_SECTIONS.iter().copied());
        let mut take = |label: Option<&str>, place: String| ids.unique(label.map_or(place, label_anchor));
        let mut out = PlanAnchors::default();
        for (g, goal) in plan.goals.iter().enumerate() {
            out.goals
                .push(take(goal.id.as_deref(), format!("goal-{}", g + 1)));
            let (mut objectives, mut actions, mut deliverables) = (Vec::new(), Vec::new(), Vec::new());
            for (o, objective) in goal.objectives.iter().enumerate() {
                let place = format!("g{}-o{}", g + 1, o + 1);
                objectives.push(take(objective.id.as_deref(), place.clone()));
                let mut list = |items: &[crate::model::Item], k: &str| -> Vec<String> {
                    let anchors = items.iter().enumerate();
                    anchors
                        .map(|(n, i)| take(i.id.as_deref(), format!("{place}-{k}{}", n + 1)))
                        .collect()
                };
                actions.push(list(&objective.actions, "a"));
                deliverables.push(list(&objective.deliverables, "d"));
            }
            out.objectives.push(objectives);
            out.actions.push(actions);
            out.deliverables.push(deliverables);
        }
        out.steps = plan
            .timeline
            .iter()
            .enumerate()
            .map(|(n, s)| take(s.id.as_deref(), format!("step-{}", n + 1)))
            .collect();
        out
    }

    /// Every id the page's own parts take (and the sections'), borrowed from these anchors:
    /// the narrative's headings continue from here. Made on demand rather than kept, because
    /// the index holds the anchors of every plan and needs only the anchors themselves.
    pub fn borrowed_ids(&self) -> IdSet<'_> {
        let mut ids = IdSet::with_reserved(PLAN_SECTIONS.iter().copied());
        ids.used.reserve(self.count());
        ids.used.extend(self.all().map(|id| Cow::Borrowed(id.as_str())));
        ids
    }

    /// The same ids, owned, for keeping past these anchors (as `check` does).
    pub fn ids(&self) -> IdSet<'static> {
        let mut ids = IdSet::with_reserved(PLAN_SECTIONS.iter().copied());
        ids.used.extend(self.all().map(|id| Cow::Owned(id.clone())));
        ids
    }

    /// Every anchor: goals, objectives, items, steps.
    fn all(&self) -> impl Iterator<Item = &String> {
        let nested = self.objectives.iter().flatten();
        let items = self.actions.iter().chain(&self.deliverables).flatten().flatten();
        self.goals.iter().chain(nested).chain(items).chain(&self.steps)
    }

    fn count(&self) -> usize {
        let lists = self.actions.iter().chain(&self.deliverables).flatten();
        self.goals.len()
            + self.objectives.iter().map(Vec::len).sum::<usize>()
            + lists.map(Vec::len).sum::<usize>()
            + self.steps.len()
    }

    /// The anchor of an action or deliverable.
    pub fn item(&self, goal: usize, objective: usize, kind: crate::model::ItemKind, index: usize) -> &str {
        let lists = match kind {
            crate::model::ItemKind::Action => &self.actions,
            crate::model::ItemKind::Deliverable => &self.deliverables,
        };
        &lists[goal][objective][index]
    }
}

/// Whether an id is taken.
impl IdSet<'_> {
    pub fn contains(&self, id: &str) -> bool {
        self.used.contains(id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// The headings of a Markdown text with the ids the renderer gives them (an explicit
/// `{#id}` wins).
pub fn headings(markdown: &str, ids: &mut IdSet<'_>) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut current: Option<(u8, String, Option<String>)> = None;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((level_number(level), String::new(), id.map(|s| s.to_string())));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text, explicit)) = current.take() {
                    let id = heading_id(explicit.as_deref(), &text, ids);
                    out.push(Heading {
                        level,
                        text: text.trim().to_string(),
                        id,
                    });
                }
            }
            event => {
                if let (Some((_, text, _)), Some(part)) = (&mut current, heading_text_part(&event)) {
                    text.push_str(part);
                }
            }
        }
    }
    out
}

/// The text an event inside a heading adds to the text its anchor is made from. The
/// renderer collects heading text with this too, so its ids match [`headings`].
pub fn heading_text_part<'e>(event: &'e Event) -> Option<&'e str> {
    match event {
        Event::Text(t) | Event::Code(t) => Some(t),
        _ => None,
    }
}

/// A heading's id: its explicit `{#id}` (unless empty, which would be an invalid id) or
/// the anchor of its text, made unique on the page.
pub fn heading_id(explicit: Option<&str>, text: &str, ids: &mut IdSet<'_>) -> String {
    match explicit {
        Some(id) if !id.is_empty() => ids.unique(id.to_string()),
        _ => ids.unique(anchor(text)),
    }
}

/// `@/` links of a Markdown text with their byte ranges in it.
pub fn internal_links(markdown: &str) -> Vec<(String, Range<usize>)> {
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with("@/") => {
                Some((dest_url.to_string(), range))
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_are_slugs_made_unique() {
        let md = "# Theory of action\n## Goals\n## Goals\n## Custom {#mine}\n";
        let mut ids = IdSet::with_reserved(["goals"]);
        let ids: Vec<_> = headings(md, &mut ids).into_iter().map(|h| h.id).collect();
        assert_eq!(ids, ["theory-of-action", "goals-1", "goals-2", "mine"]);
    }

    #[test]
    fn plan_anchors_never_repeat_nor_take_a_section_id() {
        let yaml = "title: P\nstate: IL\ntype: work-plan\ngoals:\n  - title: G\n    id: goals\n    objectives:\n      - title: O\n        actions:\n          - { title: a, id: '1' }\n          - { title: b, id: '1' }\n          - c\n        deliverables: [d]\ntimeline:\n  - { title: s }\n";
        let plan = crate::model::testing::plan_from_yaml(yaml);
        let a = PlanAnchors::new(&plan);
        assert_eq!(a.goals, ["goals-1"]);
        assert_eq!(a.objectives, [["g1-o1"]]);
        assert_eq!(a.actions[0][0], ["1", "1-1", "g1-o1-a3"]);
        assert_eq!(a.item(0, 0, crate::model::ItemKind::Deliverable, 0), "g1-o1-d1");
        assert_eq!(a.steps, ["step-1"]);
        let ids = a.ids();
        assert!(ids.contains("goals") && ids.contains("1-1"));
        let borrowed = a.borrowed_ids();
        assert_eq!(borrowed.used, ids.used);
    }

    #[test]
    fn finds_internal_links_with_offsets() {
        let md = "See [the plan](@/il/plan.md#goals) and [web](https://x.org).";
        let links = internal_links(md);
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].0, "@/il/plan.md#goals");
        assert!(md[links[0].1.clone()].starts_with("[the plan]"));
    }
}
