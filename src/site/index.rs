//! The site's cross-references, computed once per build: which published plans belong to
//! each jurisdiction, region, type and status, every responsible party's items, and every
//! dated item in due order. Listing pages and exports read these instead of re-scanning.

use super::Site;
use crate::model::rollup::{self, Rollup};
use crate::model::{Item, ItemKind, Plan, PlanStatus, PlanType, TimelineStep, Tracking};
use crate::render::anchors::PlanAnchors;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

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
    pub fn parties(&self) -> Vec<&'a str> {
        match self {
            Work::Item(i) => i.who.as_deref().into_iter().flat_map(parties).collect(),
            Work::Step(s) => s.responsibilities.iter().map(|(p, _)| p.as_str()).collect(),
        }
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
    for (goal, g) in plan.goals.iter().enumerate() {
        for (objective, o) in g.objectives.iter().enumerate() {
            for (kind, list) in [
                (ItemKind::Action, &o.actions),
                (ItemKind::Deliverable, &o.deliverables),
            ] {
                let loc = |index: usize| ItemLoc::Item {
                    goal: goal as u32,
                    objective: objective as u32,
                    kind,
                    index: index as u32,
                };
                refs.extend((0..list.len()).map(|index| ItemRef {
                    plan: p,
                    loc: loc(index),
                }));
            }
        }
    }
    refs.extend((0..plan.timeline.len()).map(|s| ItemRef {
        plan: p,
        loc: ItemLoc::Step(s as u32),
    }));
    refs
}

/// The key of a party's person page (`State Lead` -> `state-lead`).
pub fn person_key(name: &str) -> String {
    slug::slugify(name)
}

/// Every party plan `p` names: the parties of its items and steps, and its work group.
pub fn plan_parties(site: &Site, p: usize) -> impl Iterator<Item = &str> {
    let work = plan_work(&site.plans[p], p)
        .into_iter()
        .flat_map(move |r| site.work(r).parties());
    work.chain(site.plans[p].workgroup.iter().map(|m| m.name.as_str()))
}

/// Splits a `who` text into parties: `CSDWG, HVTF; State staff` -> three. Only commas and
/// semicolons split, because "and" is part of many agency names ("Health and Human
/// Services").
/// Reads the first byte of each text. Items listed across plans have their texts all over
/// memory; touching a batch of them first lets the processor fetch them side by side, where
/// using them one by one waits for each cache miss in turn. `black_box` keeps the reads.
pub fn touch<const N: usize>(texts: [Option<&str>; N]) {
    std::hint::black_box(texts.map(|text| text.and_then(|t| t.as_bytes().first().copied())));
}

pub fn parties(who: &str) -> impl Iterator<Item = &str> {
    who.split([',', ';']).map(str::trim).filter(|p| !p.is_empty())
}

/// An item with a due date while the index is built: the date, the item, whether it is
/// overdue.
type DueItem = (chrono::NaiveDate, ItemRef, bool);

/// People while the index is built: a party's name -> its person, through the slug of the
/// name, so `State lead` and `State Lead` are one person. The same few parties recur on
/// thousands of items, so each spelling is slugified once.
#[derive(Default)]
struct People<'a> {
    /// Name as written -> slot in `list`, or None for a name with an empty slug.
    by_name: HashMap<&'a str, Option<usize>>,
    by_key: HashMap<String, usize>,
    list: Vec<(String, Person)>,
}

impl<'a> People<'a> {
    /// The person named `name`, made on first sight; None when the name has no slug.
    fn slot(&mut self, name: &'a str) -> Option<&mut Person> {
        let (by_key, list) = (&mut self.by_key, &mut self.list);
        let slot = *self.by_name.entry(name).or_insert_with(|| {
            let key = person_key(name);
            (!key.is_empty()).then(|| {
                *by_key.entry(key.clone()).or_insert_with(|| {
                    let person = Person {
                        name: name.to_string(),
                        items: Vec::new(),
                        overdue: 0,
                    };
                    list.push((key, person));
                    list.len() - 1
                })
            })
        });
        slot.map(|s| &mut self.list[s].1)
    }

    /// Appends the people of a later chunk of plans: a name seen before keeps its first
    /// spelling and gets the chunk's items after its own.
    fn join(&mut self, later: People<'a>) {
        for (key, person) in later.list {
            match self.by_key.get(&key) {
                Some(&slot) => {
                    let known = &mut self.list[slot].1;
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

    fn into_map(self) -> BTreeMap<String, Person> {
        self.list.into_iter().collect()
    }
}

impl Index {
    pub fn new(site: &Site, drafts: bool) -> Index {
        let mut index = Index::default();
        let mut published: Vec<usize> = (0..site.plans.len())
            .filter(|&i| drafts || !site.plans[i].is_draft())
            .collect();
        let mut published_set = vec![false; site.plans.len()];
        published.iter().for_each(|&i| published_set[i] = true);
        published.par_sort_by_cached_key(|&i| {
            let plan = &site.plans[i];
            (plan.title.to_lowercase(), plan.slug.as_str())
        });
        for &i in &published {
            let plan = &site.plans[i];
            for code in &plan.jurisdictions {
                index.by_jurisdiction.entry(code.clone()).or_default().push(i);
            }
            for region in &plan.regions {
                index.by_region.entry(region.clone()).or_default().push(i);
            }
            index.by_type.entry(plan.plan_type).or_default().push(i);
            index.by_status.entry(plan.status).or_default().push(i);
        }
        // People are gathered a chunk of plans at a time, in parallel, each chunk into its
        // own lists; the chunks are then joined in plan order, so the first spelling of a
        // name wins as if one thread had read every plan. Joining appends whole lists, so
        // the sequential part grows with chunks times people, not with items.
        let chunks: Vec<(Vec<DueItem>, People)> = published
            .par_chunks(256)
            .map(|chunk| {
                let mut dated = Vec::new();
                let mut people = People::default();
                for &i in chunk {
                    for member in &site.plans[i].workgroup {
                        people.slot(&member.name);
                    }
                    for r in plan_work(&site.plans[i], i) {
                        let work = site.work(r);
                        let overdue = rollup::is_overdue(work.tracking(), site.as_of);
                        if let Some(due) = work.tracking().due {
                            dated.push((due, r, overdue));
                        }
                        for name in work.parties() {
                            if let Some(person) = people.slot(name) {
                                // A party named twice in one `who` is listed once.
                                if person.items.last() != Some(&r) {
                                    person.items.push(r);
                                    person.overdue += usize::from(overdue);
                                }
                            }
                        }
                    }
                }
                (dated, people)
            })
            .collect();
        let mut dated = Vec::new();
        let mut people = People::default();
        for (chunk_dated, part) in chunks {
            dated.extend(chunk_dated);
            people.join(part);
        }
        // Sorted with what it was found with: looking items up again, in due order, would
        // visit the model in no order at all, a cache miss each on a large site.
        dated.par_sort_unstable_by_key(|&(due, r, _)| (due, r));
        index.overdue = dated.iter().filter(|d| d.2).map(|d| d.1).collect();
        index.dated = dated.into_iter().map(|d| d.1).collect();
        index.people = people.into_map();
        index.anchors = (0..site.plans.len())
            .into_par_iter()
            .map(|i| published_set[i].then(|| PlanAnchors::new(&site.plans[i])))
            .collect();
        // Cached keys: looking an item up in the model is a few pointer hops, too many to
        // repeat at every comparison.
        index.people.par_iter_mut().for_each(|(_, person)| {
            person.items.par_sort_by_cached_key(|&r| {
                let due = site.work(r).tracking().due;
                (due.is_none(), due, r)
            });
        });
        index.published = published;
        index.rollups = GroupRollups::new(site, &index);
        index
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
        people.slot("State Lead").unwrap().items.push(ItemRef {
            plan: 0,
            loc: ItemLoc::Step(0),
        });
        assert_eq!(people.slot("state lead").unwrap().items.len(), 1);
        assert!(people.slot("  ").is_none(), "a name without a slug is no person");
        people.slot("Evaluator");
        let map = people.into_map();
        assert_eq!(map.keys().collect::<Vec<_>>(), ["evaluator", "state-lead"]);
        assert_eq!(map["state-lead"].name, "State Lead");
    }

    #[test]
    fn dated_items_in_due_order_with_the_overdue_apart() {
        use crate::export::testing::{WORK_PLAN, site_and_index};
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
        first.slot("State Lead").unwrap().items.push(step(0));
        let mut second = People::default();
        second.slot("STATE LEAD").unwrap().items.push(step(1));
        second.slot("Evaluator").unwrap().items.push(step(2));
        first.join(second);
        let map = first.into_map();
        assert_eq!(map["state-lead"].name, "State Lead");
        assert_eq!(map["state-lead"].items, [step(0), step(1)]);
        assert_eq!(map["evaluator"].items, [step(2)]);
    }
}
