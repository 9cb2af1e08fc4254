//! The site's cross-references, computed once per build: which published plans belong to
//! each jurisdiction, region, type and status, every responsible party's items, and every
//! dated item in due order. Listing pages and exports read these instead of re-scanning.

use super::Site;
use crate::model::anchors::PlanAnchors;
use crate::model::rollup::{self, Rollup};
use crate::model::{Goal, Item, ItemKind, Objective, Plan, PlanStatus, PlanType, TimelineStep, Tracking};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Where an item sits in its plan. Positions are `u32`: the index holds several of these
/// per item (by person, by due date), and at 100,000 plans `usize` fields made them a
/// tenth of the build's memory. No plan holds four billion of anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemLoc {
    /// An action or deliverable: goal, objective, kind, index in that list.
    Item {
        goal: u32,
        objective: u32,
        kind: ItemKind,
        index: u32,
    },
    /// A timeline step.
    Step(u32),
}

/// An item of a plan: 24 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ItemRef {
    pub plan: usize,
    pub loc: ItemLoc,
}

/// An item or a timeline step, seen through what listings need.
#[derive(Clone, Copy)]
pub enum Work<'a> {
    Item(&'a Item),
    Step(&'a TimelineStep),
}

impl<'a> Work<'a> {
    pub fn tracking(&self) -> &'a Tracking {
        match self {
            Work::Item(i) => &i.tracking,
            Work::Step(s) => &s.tracking,
        }
    }

    pub fn title(&self) -> &'a str {
        match self {
            Work::Item(i) => &i.title,
            Work::Step(s) => &s.title,
        }
    }

    pub fn label(&self) -> Option<&'a str> {
        match self {
            Work::Item(i) => i.id.as_deref(),
            Work::Step(s) => s.id.as_deref(),
        }
    }

    /// `action`, `deliverable` or `step`.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Work::Item(i) if i.kind == ItemKind::Action => "action",
            Work::Item(_) => "deliverable",
            Work::Step(_) => "step",
        }
    }

    /// Who is responsible: an item's `who` (borrowed), or a step's parties joined by `, `.
    pub fn who(&self) -> Option<Cow<'a, str>> {
        match self {
            Work::Item(i) => i.who.as_deref().map(Cow::Borrowed),
            Work::Step(s) if s.responsibilities.is_empty() => None,
            Work::Step(s) => Some(Cow::Owned(
                s.responsibilities
                    .iter()
                    .map(|(p, _)| p.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            )),
        }
    }

    /// The parties responsible: an item's `who` split into parties, a step's parties.
    /// An iterator rather than a list: the index asks this of every item of the site.
    pub fn parties(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let (who, steps) = match self {
            Work::Item(i) => (i.who.as_deref(), None),
            Work::Step(s) => (None, Some(&s.responsibilities)),
        };
        let steps = steps.into_iter().flatten().map(|(p, _)| p.as_str());
        who.into_iter().flat_map(parties).chain(steps)
    }

    /// The timeframe as the author wrote it (a step's end, else its start).
    pub fn when(&self) -> Option<&'a str> {
        let dated = match self {
            Work::Item(i) => i.when.as_ref(),
            Work::Step(s) => s.end.as_ref().or(s.start.as_ref()),
        };
        dated.map(|d| &*d.timeframe.text)
    }
}

#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    /// Dated items first, soonest first; undated after, in plan order.
    pub items: Vec<ItemRef>,
    pub overdue: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Plans in the build (drafts only with `--drafts`), by title.
    pub published: Vec<usize>,
    pub by_jurisdiction: BTreeMap<String, Vec<usize>>,
    pub by_region: BTreeMap<String, Vec<usize>>,
    pub by_type: BTreeMap<PlanType, Vec<usize>>,
    pub by_status: BTreeMap<PlanStatus, Vec<usize>>,
    /// By slug of the party's name.
    pub people: BTreeMap<String, Person>,
    /// Every item with a due date, by due date then plan order.
    pub dated: Vec<ItemRef>,
    /// The overdue items of `dated`, in the same order.
    pub overdue: Vec<ItemRef>,
    /// The roll-up of each group of plans above: every page of a long listing shows its
    /// group's, and making it per page grew with the square of the group.
    pub rollups: GroupRollups,
    /// The page anchors of each plan, by plan index; None for a plan not published.
    pub anchors: Vec<Option<PlanAnchors>>,
}

/// The roll-ups of the published plans, all together and by jurisdiction, region, type and
/// status.
#[derive(Debug, Clone, Default)]
pub struct GroupRollups {
    pub all: Rollup,
    pub by_jurisdiction: BTreeMap<String, Rollup>,
    pub by_region: BTreeMap<String, Rollup>,
    pub by_type: BTreeMap<PlanType, Rollup>,
    pub by_status: BTreeMap<PlanStatus, Rollup>,
}

impl GroupRollups {
    fn new(site: &Site, index: &Index) -> GroupRollups {
        fn each<K: Ord + Clone>(site: &Site, groups: &BTreeMap<K, Vec<usize>>) -> BTreeMap<K, Rollup> {
            groups
                .iter()
                .map(|(k, plans)| (k.clone(), group(site, plans)))
                .collect()
        }
        GroupRollups {
            all: group(site, &index.published),
            by_jurisdiction: each(site, &index.by_jurisdiction),
            by_region: each(site, &index.by_region),
            by_type: each(site, &index.by_type),
            by_status: each(site, &index.by_status),
        }
    }
}

/// The roll-up of a group of plans, from each plan's and its weight.
fn group(site: &Site, plans: &[usize]) -> Rollup {
    rollup::levels(
        plans
            .iter()
            .map(|&i| (&site.rollups[i].plan, site.plans[i].weight)),
    )
}

/// Every action and deliverable of plan `p` in page order (by goal and objective, actions
/// before deliverables), then its timeline steps.
pub fn plan_work(plan: &Plan, p: usize) -> Vec<ItemRef> {
    let mut refs = Vec::new();
    each_work(plan, p, |r, _| refs.push(r));
    refs
}

/// Calls `visit` with each item of [`plan_work`] and the item itself: the index visits
/// every item of the site, and listing the references first, then looking each up again,
/// cost an allocation per plan and a walk down the plan per item.
pub fn each_work<'a>(plan: &'a Plan, p: usize, mut visit: impl FnMut(ItemRef, Work<'a>)) {
    for (goal, g) in plan.goals.iter().enumerate() {
        for (objective, o) in g.objectives.iter().enumerate() {
            for (kind, list) in [
                (ItemKind::Action, &o.actions),
                (ItemKind::Deliverable, &o.deliverables),
            ] {
                for (index, item) in list.iter().enumerate() {
                    let loc = ItemLoc::Item {
                        goal: goal as u32,
                        objective: objective as u32,
                        kind,
                        index: index as u32,
                    };
                    visit(ItemRef { plan: p, loc }, Work::Item(item));
                }
            }
        }
    }
    for (s, step) in plan.timeline.iter().enumerate() {
        let loc = ItemLoc::Step(s as u32);
        visit(ItemRef { plan: p, loc }, Work::Step(step));
    }
}

/// The key of a party's person page (`State Lead` -> `state-lead`), which is also its
/// folder: a long name is shortened with a hash ([`crate::segment::derived_slug`]). Empty
/// when the name has no letter or digit (no person).
pub fn person_key(name: &str) -> String {
    crate::segment::derived_slug(name).unwrap_or_default()
}

/// Every party plan `p` names: the parties of its items and steps, and its work group.
pub fn plan_parties(site: &Site, p: usize) -> impl Iterator<Item = &str> {
    let work = plan_work(&site.plans[p], p)
        .into_iter()
        .flat_map(move |r| site.work(r).parties());
    work.chain(site.plans[p].workgroup.iter().map(|m| m.name.as_str()))
}

/// Reads the first byte of each text. Items listed across plans have their texts all over
/// memory; touching a batch of them first lets the processor fetch them side by side, where
/// using them one by one waits for each cache miss in turn. `black_box` keeps the reads.
pub fn touch<const N: usize>(texts: [Option<&str>; N]) {
    std::hint::black_box(texts.map(|text| text.and_then(|t| t.as_bytes().first().copied())));
}

/// Splits a `who` text into parties: `CSDWG, HVTF; State staff` -> three. Only commas and
/// semicolons split, because "and" is part of many agency names ("Health and Human
/// Services").
///
/// Split on `;`, then each piece on `,`: the same pieces in the same order as splitting on
/// either, but each split looks for one byte (with `memchr`), where splitting on two
/// characters decodes every character; the index splits every item's `who`.
pub fn parties(who: &str) -> impl Iterator<Item = &str> {
    who.split(';')
        .flat_map(|piece| piece.split(','))
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// An item with a due date while the index is built: the date, the item, whether it is
/// overdue.
type DueItem = (chrono::NaiveDate, ItemRef, bool);

/// Where a name was seen: the plan's place among the published plans (by title), then the
/// order of sightings within the plan (work group first, then items in page order). The
/// spelling seen first in this order is the one a person page shows.
type Sighting = (usize, u32);

/// A person while the index is built: each item is kept with its due date, which orders
/// the person's list in the end without looking every item up again.
#[derive(Debug)]
struct Gathered<'a> {
    name: &'a str,
    /// Where `name` was seen: a spelling seen earlier replaces it.
    first: Sighting,
    items: Vec<(Option<chrono::NaiveDate>, ItemRef)>,
    overdue: usize,
}

impl<'a> Gathered<'a> {
    /// Takes `name` as the spelling when it was seen before the one held.
    fn seen(&mut self, name: &'a str, at: Sighting) {
        if at < self.first {
            self.first = at;
            self.name = name;
        }
    }

    /// The person, items sorted: dated first, soonest first; undated after; plan order
    /// within a date. The items were gathered in plan order (see [`Index::new`]), so a
    /// stable sort by date alone keeps that order within a date, and compares less.
    fn into_person(mut self) -> Person {
        self.items.sort_by_key(|&(due, _)| (due.is_none(), due));
        Person {
            name: self.name.to_string(),
            items: self.items.into_iter().map(|(_, r)| r).collect(),
            overdue: self.overdue,
        }
    }
}

/// People while the index is built: a party's name -> its person, through the slug of the
/// name, so `State lead` and `State Lead` are one person. The same few parties recur on
/// thousands of items, so each spelling is slugified once; the maps hash with aHash, as a
/// name is looked up once per item that names it.
#[derive(Default)]
struct People<'a> {
    /// Name as written -> slot in `list`, or None for a name with an empty slug.
    by_name: ahash::AHashMap<&'a str, Option<usize>>,
    by_key: ahash::AHashMap<String, usize>,
    list: Vec<(String, Gathered<'a>)>,
}

impl<'a> People<'a> {
    /// The person named `name`, seen `at`, made on first sight; None when the name has no
    /// slug.
    fn slot(&mut self, name: &'a str, at: Sighting) -> Option<&mut Gathered<'a>> {
        let (by_key, list) = (&mut self.by_key, &mut self.list);
        let slot = *self.by_name.entry(name).or_insert_with(|| {
            let key = person_key(name);
            (!key.is_empty()).then(|| {
                *by_key.entry(key.clone()).or_insert_with(|| {
                    let person = Gathered {
                        name,
                        first: at,
                        items: Vec::new(),
                        overdue: 0,
                    };
                    list.push((key, person));
                    list.len() - 1
                })
            })
        });
        let person = &mut self.list[slot?].1;
        person.seen(name, at);
        Some(person)
    }

    /// Adds the people of another chunk of plans: a person known to both gets the
    /// chunk's items, and keeps whichever spelling was seen first.
    fn join(&mut self, other: People<'a>) {
        for (key, person) in other.list {
            match self.by_key.get(&key) {
                Some(&slot) => {
                    let known = &mut self.list[slot].1;
                    known.seen(person.name, person.first);
                    known.items.extend(person.items);
                    known.overdue += person.overdue;
                }
                None => {
                    self.by_key.insert(key.clone(), self.list.len());
                    self.list.push((key, person));
                }
            }
        }
    }

    /// Every person by key, each one's items sorted (see [`Gathered::into_person`]).
    fn into_map(self) -> BTreeMap<String, Person> {
        let people: Vec<(String, Person)> = self
            .list
            .into_par_iter()
            .map(|(key, gathered)| (key, gathered.into_person()))
            .collect();
        people.into_iter().collect()
    }
}

/// What a run of published plans adds to the index.
#[derive(Default)]
struct Chunk<'a> {
    dated: Vec<DueItem>,
    people: People<'a>,
    /// Plan index -> its page's anchors.
    anchors: Vec<(usize, PlanAnchors)>,
}

impl<'a> Chunk<'a> {
    /// This run followed by the next one.
    fn join(mut self, next: Chunk<'a>) -> Chunk<'a> {
        // The empty run that starts each of rayon's reductions.
        if self.anchors.is_empty() {
            return next;
        }
        self.dated.extend(next.dated);
        self.people.join(next.people);
        self.anchors.extend(next.anchors);
        self
    }
}

/// Gathers a chunk of published plans into `out`, in plan order. `rank` is each plan's
/// place among the published plans, which decides the spelling of a name. A plan's anchors
/// are made right after its items are read, while they are still in the processor's cache.
fn gather<'a>(out: &mut Chunk<'a>, site: &'a Site, chunk: &[usize], rank: &[Option<usize>]) {
    for &i in chunk {
        let plan = &site.plans[i];
        let rank = rank[i].expect("only published plans are gathered");
        let mut seq = 0;
        let mut next = || {
            seq += 1;
            (rank, seq)
        };
        let (dated, people) = (&mut out.dated, &mut out.people);
        for member in &plan.workgroup {
            people.slot(&member.name, next());
        }
        each_work(plan, i, |r, work| {
            let tracking = work.tracking();
            let overdue = rollup::is_overdue(tracking, site.as_of);
            if let Some(due) = tracking.due {
                dated.push((due, r, overdue));
            }
            for name in work.parties() {
                if let Some(person) = people.slot(name, next()) {
                    // A party named twice in one `who` is listed once.
                    if person.items.last().map(|&(_, last)| last) != Some(r) {
                        person.items.push((tracking.due, r));
                        person.overdue += usize::from(overdue);
                    }
                }
            }
        });
        out.anchors.push((i, PlanAnchors::new(plan)));
    }
}

impl Index {
    pub fn new(site: &Site, drafts: bool) -> Index {
        let mut published: Vec<usize> = (0..site.plans.len())
            .filter(|&i| drafts || !site.plans[i].is_draft())
            .collect();
        // Gathered in plan order, the order the loader made them in, so the model is read
        // from memory mostly front to back: in title order, nearly every item was a cache
        // miss. Plan order is kept aside before sorting.
        let in_plan_order = published.clone();
        published.par_sort_by_cached_key(|&i| {
            let plan = &site.plans[i];
            (plan.title.to_lowercase(), plan.slug.as_str())
        });
        let mut rank = vec![None; site.plans.len()];
        published.iter().enumerate().for_each(|(n, &i)| rank[i] = Some(n));
        let mut index = Index::default();
        // A chunk of plans at a time, in parallel, each thread into its own lists, which are
        // then joined in plan order; joining appends whole lists, so it grows with threads
        // times people, not with items. Each plan's items are visited in page order, so
        // every list gathered is in `ItemRef` order, which the sorts below rely on. Filing
        // plans into groups runs alongside.
        let (gathered, ()) = rayon::join(
            || {
                in_plan_order
                    .par_chunks(256)
                    .fold(Chunk::default, |mut out, chunk| {
                        gather(&mut out, site, chunk, &rank);
                        out
                    })
                    .reduce(Chunk::default, Chunk::join)
            },
            || index.group(site, &published),
        );
        let Chunk {
            mut dated,
            people,
            anchors,
        } = gathered;
        index.anchors = vec![None; site.plans.len()];
        for (i, plan_anchors) in anchors {
            index.anchors[i] = Some(plan_anchors);
        }
        // Sorted with what it was found with: looking items up again, in due order, would
        // visit the model in no order at all, a cache miss each on a large site. The list
        // is in plan order, so a stable sort by date alone orders it by date then plan.
        dated.par_sort_by_key(|&(due, _, _)| due);
        (index.overdue, index.dated) = rayon::join(
            || dated.par_iter().filter(|d| d.2).map(|d| d.1).collect(),
            || dated.par_iter().map(|d| d.1).collect(),
        );
        index.people = people.into_map();
        index.published = published;
        index.rollups = GroupRollups::new(site, &index);
        index
    }

    /// Files the published plans (in title order) by jurisdiction, region, type and status.
    fn group(&mut self, site: &Site, published: &[usize]) {
        for &i in published {
            let plan = &site.plans[i];
            for code in &plan.jurisdictions {
                file_under(&mut self.by_jurisdiction, code, i);
            }
            for region in &plan.regions {
                file_under(&mut self.by_region, region, i);
            }
            self.by_type.entry(plan.plan_type).or_default().push(i);
            self.by_status.entry(plan.status).or_default().push(i);
        }
    }

    /// The anchors of a published plan's page.
    pub fn plan_anchors(&self, plan: usize) -> &PlanAnchors {
        self.anchors[plan]
            .as_ref()
            .expect("only published plans have pages and listed items")
    }

    /// The anchor of an item on its plan's page.
    pub fn anchor(&self, r: ItemRef) -> &str {
        let anchors = self.plan_anchors(r.plan);
        match r.loc {
            ItemLoc::Item {
                goal,
                objective,
                kind,
                index,
            } => anchors.item(goal as usize, objective as usize, kind, index as usize),
            ItemLoc::Step(s) => anchors.step(s as usize),
        }
    }
}

/// Adds plan `i` to the group `key`, copying the key only for a new group (most plans join
/// a group an earlier plan made).
fn file_under(groups: &mut BTreeMap<String, Vec<usize>>, key: &str, i: usize) {
    match groups.get_mut(key) {
        Some(plans) => plans.push(i),
        None => {
            groups.insert(key.to_string(), vec![i]);
        }
    }
}

impl Site {
    pub fn work(&self, r: ItemRef) -> Work<'_> {
        let plan = &self.plans[r.plan];
        match r.loc {
            ItemLoc::Item {
                goal,
                objective,
                kind,
                index,
            } => {
                let o = &plan.goals[goal as usize].objectives[objective as usize];
                Work::Item(match kind {
                    ItemKind::Action => &o.actions[index as usize],
                    ItemKind::Deliverable => &o.deliverables[index as usize],
                })
            }
            ItemLoc::Step(s) => Work::Step(&plan.timeline[s as usize]),
        }
    }

    /// [`Site::work`] of each of `refs`, appended to `out`, found a level at a time across
    /// the batch: plan, goal, objective, item. Items listed across plans lie all over
    /// memory, and each level of one item's look-up waits on the level above; walking a
    /// batch level by level gives the processor a dozen independent reads to wait on at
    /// once, where walking item by item waited for each link of each chain in turn.
    pub fn works_into<'a>(&'a self, refs: &[ItemRef], out: &mut Vec<Work<'a>>) {
        // Steps sit one level under their plan: they are looked up whole at the end.
        let goals: Vec<Option<&Goal>> = refs
            .iter()
            .map(|r| match r.loc {
                ItemLoc::Item { goal, .. } => Some(&self.plans[r.plan].goals[goal as usize]),
                ItemLoc::Step(_) => None,
            })
            .collect();
        let objectives: Vec<Option<&Objective>> = goals
            .into_iter()
            .zip(refs)
            .map(|(goal, r)| match (goal, r.loc) {
                (Some(goal), ItemLoc::Item { objective, .. }) => Some(&goal.objectives[objective as usize]),
                _ => None,
            })
            .collect();
        out.extend(
            objectives
                .into_iter()
                .zip(refs)
                .map(|(objective, r)| match (objective, r.loc) {
                    (Some(o), ItemLoc::Item { kind, index, .. }) => Work::Item(match kind {
                        ItemKind::Action => &o.actions[index as usize],
                        ItemKind::Deliverable => &o.deliverables[index as usize],
                    }),
                    _ => self.work(*r),
                }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_refs_stay_small() {
        assert_eq!(std::mem::size_of::<ItemRef>(), 24);
    }

    #[test]
    fn parties_split_on_commas_and_semicolons_only() {
        let got: Vec<_> = parties("CSDWG, HVTF; Department of Health and Human Services").collect();
        assert_eq!(got, ["CSDWG", "HVTF", "Department of Health and Human Services"]);
        assert_eq!(parties(" , ").count(), 0);
    }

    #[test]
    fn people_merge_spellings_by_slug_and_keep_the_first() {
        let mut people = People::default();
        let step = ItemRef {
            plan: 0,
            loc: ItemLoc::Step(0),
        };
        people
            .slot("State Lead", (0, 1))
            .unwrap()
            .items
            .push((None, step));
        assert_eq!(people.slot("state lead", (0, 2)).unwrap().items.len(), 1);
        assert!(
            people.slot("  ", (0, 3)).is_none(),
            "a name without a slug is no person"
        );
        people.slot("Evaluator", (0, 4));
        let map = people.into_map();
        assert_eq!(map.keys().collect::<Vec<_>>(), ["evaluator", "state-lead"]);
        assert_eq!(map["state-lead"].name, "State Lead");
    }

    #[test]
    fn dated_items_in_due_order_with_the_overdue_apart() {
        use crate::site::testing::{WORK_PLAN, site_and_index};
        let (site, index) = site_and_index(&[WORK_PLAN]);
        let titles = |refs: &[ItemRef]| -> Vec<String> {
            refs.iter().map(|&r| site.work(r).title().to_string()).collect()
        };
        assert_eq!(
            titles(&index.dated),
            ["Toolkit", "Build a cadre of consultants", "Identify needs"]
        );
        assert_eq!(titles(&index.overdue), ["Build a cadre of consultants"]);
        assert_eq!(index.people["csdwg"].overdue, 1);
        assert_eq!(index.people["hvtf"].overdue, 1);
        assert_eq!(index.people["state-specialists"].overdue, 0);
    }

    #[test]
    fn joined_chunks_keep_the_first_spelling_and_plan_order() {
        let step = |plan| ItemRef {
            plan,
            loc: ItemLoc::Step(0),
        };
        let mut first = People::default();
        first
            .slot("State Lead", (0, 1))
            .unwrap()
            .items
            .push((None, step(0)));
        let mut second = People::default();
        second
            .slot("STATE LEAD", (1, 1))
            .unwrap()
            .items
            .push((None, step(1)));
        second
            .slot("Evaluator", (2, 1))
            .unwrap()
            .items
            .push((None, step(2)));
        first.join(second);
        let map = first.into_map();
        assert_eq!(map["state-lead"].name, "State Lead");
        assert_eq!(map["state-lead"].items, [step(0), step(1)]);
        assert_eq!(map["evaluator"].items, [step(2)]);
    }

    /// A plan of the equivalence test below: `k` decides its title (so that title order is
    /// not plan order), its parties' spellings, its dates (often shared with other plans)
    /// and whether it is a draft.
    fn tricky_plan(k: usize) -> String {
        let spellings = [
            "State Lead",
            "STATE LEAD; Evaluator",
            "evaluator, Evaluator",
            " , ",
            "state lead,HVTF ;  hvtf",
            "Ünïcode Team",
        ];
        let who = |n: usize| spellings[(k + n) % spellings.len()];
        let when = |n: usize| match (k + n) % 4 {
            0 => "Ongoing".to_string(),
            m => format!("2024-0{m}-1{}", k % 3),
        };
        format!(
            "title: Plan {title:03}\nstate: IL\ntype: work-plan\nstatus: {status}\n\
             workgroup:\n  - {{ name: {member} }}\n\
             goals:\n  - title: G\n    objectives:\n      - title: O\n        actions:\n\
             \x20         - {{ title: a, who: '{w0}', when: '{d0}', status: in-progress }}\n\
             \x20         - {{ title: b, who: '{w1}', when: '{d1}', status: completed }}\n\
             \x20       deliverables:\n\
             \x20         - {{ title: c, who: '{w2}', when: '{d2}' }}\n\
             timeline:\n  - title: s\n    end: '{d3}'\n    responsibilities:\n\
             \x20     {w3}: [Facilitate]\n      Evaluator: [Report]\n",
            title = (k * 7919 + 2) % 600,
            status = if k % 17 == 5 { "draft" } else { "final" },
            member = if k.is_multiple_of(5) {
                "state LEAD"
            } else {
                "Jane Doe"
            },
            w0 = who(0),
            w1 = who(1),
            w2 = who(2),
            w3 = if k.is_multiple_of(2) {
                "State Lead"
            } else {
                "evaluator"
            },
            d0 = when(0),
            d1 = when(1),
            d2 = when(2),
            d3 = when(3),
        )
    }

    /// The key of `name`'s person, made on first sight with `name` as its spelling.
    fn see(people: &mut BTreeMap<String, Person>, name: &str) -> Option<String> {
        let key = person_key(name);
        if key.is_empty() {
            return None;
        }
        people.entry(key.clone()).or_insert_with(|| Person {
            name: name.to_string(),
            items: Vec::new(),
            overdue: 0,
        });
        Some(key)
    }

    /// The people and the dated items as the index once made them: one pass over the
    /// published plans in title order, each item looked up by its reference, lists sorted
    /// by their full keys.
    fn straightforward(site: &Site, published: &[usize]) -> (BTreeMap<String, Person>, Vec<ItemRef>) {
        let mut people = BTreeMap::new();
        let mut dated = Vec::new();
        for &i in published {
            for member in &site.plans[i].workgroup {
                see(&mut people, &member.name);
            }
            for r in plan_work(&site.plans[i], i) {
                let work = site.work(r);
                let overdue = rollup::is_overdue(work.tracking(), site.as_of);
                if let Some(due) = work.tracking().due {
                    dated.push((due, r));
                }
                for name in work.parties() {
                    let Some(key) = see(&mut people, name) else {
                        continue;
                    };
                    let person = people.get_mut(&key).expect("just seen");
                    if person.items.last() != Some(&r) {
                        person.items.push(r);
                        person.overdue += usize::from(overdue);
                    }
                }
            }
        }
        for person in people.values_mut() {
            person.items.sort_by_key(|&r| {
                let due = site.work(r).tracking().due;
                (due.is_none(), due, r)
            });
        }
        dated.sort();
        (people, dated.into_iter().map(|(_, r)| r).collect())
    }

    #[test]
    fn index_gathered_in_plan_order_equals_one_pass_in_title_order() {
        // More plans than one chunk holds, so chunks are joined too.
        let texts: Vec<String> = (0..600).map(tricky_plan).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let (site, index) = crate::site::testing::site_and_index(&texts);
        assert!(index.published.len() < site.plans.len(), "drafts are left out");
        // The first plan loaded spells it `state LEAD`; the first by title, `state lead`.
        assert_eq!(index.people["state-lead"].name, "state lead");
        let (people, dated) = straightforward(&site, &index.published);
        let (got, want): (Vec<_>, Vec<_>) = (index.people.keys().collect(), people.keys().collect());
        assert_eq!(got, want);
        for (key, person) in &people {
            let got = &index.people[key];
            assert_eq!(got.name, person.name, "{key}");
            assert_eq!(got.items, person.items, "{key}");
            assert_eq!(got.overdue, person.overdue, "{key}");
        }
        assert_eq!(index.dated, dated);
        let overdue: Vec<ItemRef> = dated
            .into_iter()
            .filter(|&r| rollup::is_overdue(site.work(r).tracking(), site.as_of))
            .collect();
        assert_eq!(index.overdue, overdue);
        for (i, anchors) in index.anchors.iter().enumerate() {
            assert_eq!(anchors.is_some(), index.published.contains(&i), "plan {i}");
        }
    }

    #[test]
    fn works_found_by_level_are_the_works_found_one_by_one() {
        let texts: Vec<String> = (0..40).map(tricky_plan).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let (site, index) = crate::site::testing::site_and_index(&texts);
        // Every item and step of the published plans, in an order that jumps between plans.
        let mut refs: Vec<ItemRef> = index.people.values().flat_map(|p| p.items.clone()).collect();
        refs.extend(index.dated.iter().rev());
        assert!(
            refs.iter().any(|r| matches!(r.loc, ItemLoc::Step(_))),
            "steps are covered"
        );
        assert!(
            refs.iter().any(|r| matches!(r.loc, ItemLoc::Item { .. })),
            "items are covered"
        );
        let same = |a: Work, b: Work| match (a, b) {
            (Work::Item(a), Work::Item(b)) => std::ptr::eq(a, b),
            (Work::Step(a), Work::Step(b)) => std::ptr::eq(a, b),
            _ => false,
        };
        for batch in [1, 3, 16, refs.len()] {
            let mut found = Vec::new();
            for chunk in refs.chunks(batch) {
                site.works_into(chunk, &mut found);
            }
            assert_eq!(found.len(), refs.len());
            for (&r, &work) in refs.iter().zip(&found) {
                assert!(same(work, site.work(r)), "{r:?} in batches of {batch}");
            }
        }
    }

    #[test]
    fn parties_split_like_splitting_on_either_separator() {
        for who in ["a;b,c", ",;a,,b;;", "a , b ; c", "ä;ö,ü", "", ";", "one"] {
            let want: Vec<&str> = who
                .split([',', ';'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            assert_eq!(parties(who).collect::<Vec<_>>(), want, "{who:?}");
        }
    }

    #[test]
    fn the_spelling_seen_first_in_title_order_wins_whatever_the_chunk() {
        let at = |rank| (rank, 1);
        let mut first = People::default();
        first.slot("state lead", at(7));
        let mut second = People::default();
        second.slot("State Lead", at(3));
        second.slot("STATE LEAD", at(5));
        first.join(second);
        assert_eq!(first.into_map()["state-lead"].name, "State Lead");
    }
}
