//! Heading ids and internal links, shared by the renderer (which writes them), `check`
//! (which verifies `@/path.md#anchor` links against them) and the site's index (which keeps
//! each plan's item ids): one algorithm, so a link that checks is a link that works. The
//! ids a plan page will have are a fact of the plan, so they live in the model, below all
//! three.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
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
    /// Hashed with aHash rather than SipHash: every plan's anchors pass through a set once
    /// when the index is made and again when its page is rendered.
    used: ahash::AHashSet<Cow<'a, str>>,
    /// For each base that was already taken when asked for, the number its search for a free
    /// `base-N` resumes from: every `base-1` .. `base-(N-1)` is known to be taken (ids are
    /// never given back). Without it, the n-th repeat of a heading tried n - 1 taken ids
    /// first, and 20,000 equal headings took seconds. Only repeats enter it.
    next: ahash::AHashMap<String, usize>,
}

impl<'a> IdSet<'a> {
    /// Reserves ids the page chrome already uses, so headings do not take them.
    pub fn with_reserved(ids: impl IntoIterator<Item = &'a str>) -> IdSet<'a> {
        IdSet {
            used: ids.into_iter().map(Cow::Borrowed).collect(),
            next: Default::default(),
        }
    }

    pub fn unique(&mut self, base: String) -> String {
        let id = self.free(base);
        self.used.insert(Cow::Owned(id.clone()));
        id
    }

    /// Takes the unique id made from `base` and appends it to `out`: for a caller that keeps
    /// the id only there, the set's own copy is the only one made.
    pub fn push_unique(&mut self, base: String, out: &mut String) {
        let id = self.free(base);
        out.push_str(&id);
        self.used.insert(Cow::Owned(id));
    }

    /// `base`, or the first of `base-1`, `base-2`, ... not taken. (Most ids are free as they
    /// are: then `base` itself is returned, not a copy.) Each taken `base-N` is passed over
    /// once per base, so making n ids takes time in proportion to n, however many repeat.
    fn free(&mut self, base: String) -> String {
        if !self.used.contains(base.as_str()) {
            return base;
        }
        let mut n = self.next.get(base.as_str()).copied().unwrap_or(1);
        let mut id = String::with_capacity(base.len() + 4);
        loop {
            id.clear();
            id.push_str(&base);
            id.push('-');
            id.push_str(itoa::Buffer::new().format(n));
            n += 1;
            if !self.used.contains(id.as_str()) {
                break;
            }
        }
        // Every number below `n` is now taken, or about to be: the caller takes `id`.
        match self.next.get_mut(base.as_str()) {
            Some(next) => *next = n,
            None => {
                self.next.insert(base, n);
            }
        }
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

/// How many narrative headings a plan page's id set makes room for at first (more only cost
/// a regrowth).
const NARRATIVE_HEADINGS: usize = 32;

/// The anchor of a labelled goal, objective, item or step (`I` -> `i`, `1.2` -> `1-2`).
pub fn label_anchor(id: &str) -> String {
    anchor(id)
}

/// The anchor of every goal, objective, action, deliverable and timeline step of a plan
/// page, handed out from one pool in page order so that none repeats (two actions labelled
/// `1` become `1` and `1-1`) and none takes a section's id. A labelled part is anchored by
/// its label (`I` -> `i`, `1.2` -> `1-2`), an unlabelled one by its place (`g1-o2-a3`).
///
/// The index keeps these for every plan, and person pages look up items of thousands of
/// plans in no order: so the anchors sit end to end in one string, found through a few
/// small tables, rather than one string each in nested lists (fewer allocations to keep
/// and fewer places in memory to visit per lookup).
#[derive(Debug, Clone, Default)]
pub struct PlanAnchors {
    /// Every anchor, end to end, in page order: each goal, then each of its objectives
    /// followed by the objective's actions and deliverables; then the timeline steps.
    text: String,
    /// Where each anchor ends in `text` (it starts where the one before it ends).
    ends: Vec<u32>,
    /// The position (in `ends`) of each goal's anchor.
    goals: Vec<u32>,
    /// Each objective of every goal, in order.
    objectives: Vec<ObjectiveAnchors>,
    /// Where each goal's objectives start in `objectives` (one more entry at the end).
    first_objective: Vec<u32>,
    /// The position of the first step's anchor.
    first_step: u32,
}

/// Where an objective's anchor is, and how many actions and deliverables follow it.
#[derive(Debug, Clone, Copy)]
struct ObjectiveAnchors {
    at: u32,
    actions: u32,
    deliverables: u32,
}

/// A count or offset of a plan's anchors as stored (a plan has far fewer than 4 billion).
fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl PlanAnchors {
    pub fn new(plan: &crate::model::Plan) -> PlanAnchors {
        let mut ids = IdSet::with_reserved(PLAN_SECTIONS.iter().copied());
        let mut out = PlanAnchors::default();
        // An anchor by label, or else by place: the place is only spelled out when needed.
        let mut take = |out: &mut PlanAnchors, label: Option<&str>, place: &dyn Fn() -> String| {
            ids.push_unique(label.map_or_else(place, label_anchor), &mut out.text);
            out.ends.push(small(out.text.len()));
            small(out.ends.len() - 1)
        };
        for (g, goal) in plan.goals.iter().enumerate() {
            out.first_objective.push(small(out.objectives.len()));
            let at = take(&mut out, goal.id.as_deref(), &|| format!("goal-{}", g + 1));
            out.goals.push(at);
            for (o, objective) in goal.objectives.iter().enumerate() {
                let place = format!("g{}-o{}", g + 1, o + 1);
                let at = take(&mut out, objective.id.as_deref(), &|| place.clone());
                for (kind, items) in [("a", &objective.actions), ("d", &objective.deliverables)] {
                    for (n, item) in items.iter().enumerate() {
                        take(&mut out, item.id.as_deref(), &|| {
                            format!("{place}-{kind}{}", n + 1)
                        });
                    }
                }
                out.objectives.push(ObjectiveAnchors {
                    at,
                    actions: small(objective.actions.len()),
                    deliverables: small(objective.deliverables.len()),
                });
            }
        }
        out.first_objective.push(small(out.objectives.len()));
        out.first_step = small(out.ends.len());
        for (n, step) in plan.timeline.iter().enumerate() {
            take(&mut out, step.id.as_deref(), &|| format!("step-{}", n + 1));
        }
        out
    }

    /// The anchor at `position` in page order.
    fn at(&self, position: u32) -> &str {
        let position = position as usize;
        let start = match position {
            0 => 0,
            n => self.ends[n - 1] as usize,
        };
        &self.text[start..self.ends[position] as usize]
    }

    /// Every anchor, in page order.
    fn all(&self) -> impl Iterator<Item = &str> {
        (0..small(self.ends.len())).map(|n| self.at(n))
    }

    pub fn goal(&self, goal: usize) -> &str {
        self.at(self.goals[goal])
    }

    fn objective_anchors(&self, goal: usize, objective: usize) -> ObjectiveAnchors {
        self.objectives[self.first_objective[goal] as usize + objective]
    }

    pub fn objective(&self, goal: usize, objective: usize) -> &str {
        self.at(self.objective_anchors(goal, objective).at)
    }

    /// The anchors of an objective's actions or deliverables, in order.
    pub fn items(
        &self,
        goal: usize,
        objective: usize,
        kind: crate::model::ItemKind,
    ) -> impl Iterator<Item = &str> {
        let o = self.objective_anchors(goal, objective);
        let (first, count) = match kind {
            crate::model::ItemKind::Action => (o.at + 1, o.actions),
            crate::model::ItemKind::Deliverable => (o.at + 1 + o.actions, o.deliverables),
        };
        (first..first + count).map(|n| self.at(n))
    }

    /// The anchor of an action or deliverable.
    pub fn item(&self, goal: usize, objective: usize, kind: crate::model::ItemKind, index: usize) -> &str {
        let o = self.objective_anchors(goal, objective);
        let first = match kind {
            crate::model::ItemKind::Action => o.at + 1,
            crate::model::ItemKind::Deliverable => o.at + 1 + o.actions,
        };
        self.at(first + small(index))
    }

    /// The anchor of a timeline step.
    pub fn step(&self, step: usize) -> &str {
        self.at(self.first_step + small(step))
    }

    /// The anchors of the timeline steps, in order.
    pub fn steps(&self) -> impl Iterator<Item = &str> {
        (self.first_step..small(self.ends.len())).map(|n| self.at(n))
    }

    /// Every id the page's own parts take (and the sections'), borrowed from these anchors:
    /// the narrative's headings continue from here. Made on demand rather than kept, because
    /// the index holds the anchors of every plan and needs only the anchors themselves.
    pub fn borrowed_ids(&self) -> IdSet<'_> {
        let mut ids = IdSet::with_reserved(PLAN_SECTIONS.iter().copied());
        // Room for the narrative's headings too: growing the set for them would hash every
        // id again.
        ids.used.reserve(self.ends.len() + NARRATIVE_HEADINGS);
        ids.used.extend(self.all().map(Cow::Borrowed));
        ids
    }

    /// The same ids, owned, for keeping past these anchors (as `check` does).
    pub fn ids(&self) -> IdSet<'static> {
        let mut ids = IdSet::with_reserved(PLAN_SECTIONS.iter().copied());
        ids.used.extend(self.all().map(|id| Cow::Owned(id.to_string())));
        ids
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
        assert_eq!(a.goal(0), "goals-1");
        assert_eq!(a.objective(0, 0), "g1-o1");
        let actions: Vec<_> = a.items(0, 0, crate::model::ItemKind::Action).collect();
        assert_eq!(actions, ["1", "1-1", "g1-o1-a3"]);
        assert_eq!(a.item(0, 0, crate::model::ItemKind::Action, 1), "1-1");
        assert_eq!(a.item(0, 0, crate::model::ItemKind::Deliverable, 0), "g1-o1-d1");
        assert_eq!(a.steps().collect::<Vec<_>>(), ["step-1"]);
        assert_eq!(a.step(0), "step-1");
        let ids = a.ids();
        assert!(ids.contains("goals") && ids.contains("1-1"));
        let borrowed = a.borrowed_ids();
        assert_eq!(borrowed.used, ids.used);
    }

    #[test]
    fn unique_ids_number_past_every_taken_one() {
        // (taken, base, want): the straightforward rule, `base` then `base-1`, `base-2`, ...
        let cases: &[(&[&str], &str, &str)] = &[
            (&[], "a", "a"),
            (&["a"], "a", "a-1"),
            (&["a", "a-1", "a-2"], "a", "a-3"),
            (&["a-1"], "a", "a"),
            (&["a", "a-2"], "a", "a-1"),
        ];
        for &(taken, base, want) in cases {
            let mut ids = IdSet::with_reserved(taken.iter().copied());
            assert_eq!(ids.unique(base.to_string()), want, "{taken:?} {base}");
            assert!(ids.contains(want));
            let mut ids = IdSet::with_reserved(taken.iter().copied());
            let mut out = String::from("x");
            ids.push_unique(base.to_string(), &mut out);
            assert_eq!(out, format!("x{want}"), "{taken:?} {base}");
            assert!(ids.contains(want));
        }
    }

    #[test]
    fn repeated_ids_resume_numbering_where_the_last_repeat_stopped() {
        // (taken, bases asked for in turn, ids given): a repeat resumes after the number the
        // previous repeat of its base took, yet never takes an id claimed in between.
        let cases: &[(&[&str], &[&str], &[&str])] = &[
            (&[], &["a", "a", "a"], &["a", "a-1", "a-2"]),
            (&["a-2"], &["a", "a", "a", "a"], &["a", "a-1", "a-3", "a-4"]),
            (&[], &["a", "a", "a-2", "a"], &["a", "a-1", "a-2", "a-3"]),
            (&[], &["a", "a", "a-1"], &["a", "a-1", "a-1-1"]),
            (
                &[],
                &["a-1", "a", "a", "b", "a"],
                &["a-1", "a", "a-2", "b", "a-3"],
            ),
        ];
        for &(taken, bases, want) in cases {
            let mut ids = IdSet::with_reserved(taken.iter().copied());
            let got: Vec<_> = bases.iter().map(|b| ids.unique(b.to_string())).collect();
            assert_eq!(got, want, "{taken:?} {bases:?}");
        }
    }

    /// Each repeat used to try every number taken before it: 20,000 equal headings took
    /// seconds. The ids stay what they were.
    #[test]
    fn twenty_thousand_equal_headings_get_numbered_ids() {
        let md = "## Same\n\n".repeat(20_000);
        let got = headings(&md, &mut IdSet::with_reserved(["same-5"]));
        let want: Vec<String> = std::iter::once("same".to_string())
            .chain((1..=20_000).filter(|&n| n != 5).map(|n| format!("same-{n}")))
            .collect();
        assert_eq!(
            got.iter().map(|h| &h.id).collect::<Vec<_>>(),
            want.iter().collect::<Vec<_>>()
        );
    }

    #[test]
    fn ten_thousand_actions_sharing_an_id_get_numbered_anchors() {
        let mut yaml = String::from(
            "title: P\nstate: IL\ntype: work-plan\ngoals:\n  - title: G\n    objectives:\n      - title: O\n        actions:\n",
        );
        for n in 0..10_000 {
            yaml.push_str(&format!("          - {{ title: a{n}, id: '1' }}\n"));
        }
        let plan = crate::model::testing::plan_from_yaml(&yaml);
        let anchors = PlanAnchors::new(&plan);
        let got: Vec<_> = anchors.items(0, 0, crate::model::ItemKind::Action).collect();
        let want: Vec<String> = std::iter::once("1".to_string())
            .chain((1..10_000).map(|n| format!("1-{n}")))
            .collect();
        assert_eq!(got, want);
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
