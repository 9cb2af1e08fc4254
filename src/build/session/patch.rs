//! The incremental path of a [`Session`]: edits to existing plans.

use super::{Failure, Keys, Rebuilt, Session, io_diagnostics};
use crate::build::output::LiveWriter;
use crate::content::source::{SourceFile, SourceId};
use crate::diag::Diagnostics;
use crate::model::anchors::PlanAnchors;
use crate::model::decode::plan::Document;
use crate::model::{Plan, rollup};
use crate::render::pages::{self, PageSpec, RenderContext};
use crate::site::index::Index;
use crate::site::urls::{Urls, paths};
use std::collections::HashSet;
use std::time::Duration;

/// A plan as it was before an edit, to put back if the edit has errors.
struct Undo {
    plan: usize,
    source: SourceFile,
    old: Plan,
}

impl Session {
    pub(super) fn patch(
        &mut self,
        edits: Vec<(SourceId, String)>,
        plans_written: &mut impl FnMut(&[String]),
    ) -> Result<Rebuilt, Failure> {
        let mut decoded = Vec::new();
        let mut diagnostics = Diagnostics::default();
        let interner = crate::model::intern::Interner::default();
        for (id, rel) in &edits {
            let old = self.site.sources.get(*id);
            let file = match crate::content::read(&old.path, &old.name) {
                Ok(file) => file,
                // A file caught mid-save, or removed since: the next event reloads.
                Err(_) => return self.reload(),
            };
            let config = &self.site.config;
            let (document, found) = crate::site::load::decode_file(
                &file,
                *id,
                rel,
                &config.timeframes,
                &config.jurisdictions,
                &interner,
            );
            diagnostics.extend(found);
            decoded.push((*id, rel.clone(), file, document));
        }
        if diagnostics.has_errors() {
            let mut sources = self.site.sources.clone();
            for (id, _, file, _) in decoded {
                sources.replace(id, file);
            }
            return Err((diagnostics, sources));
        }
        // Only plain edits of plans go the fast way: a page (navigation), a changed slug or
        // draft status (other pages link to it or list it) reloads the site.
        let mut plans = Vec::new();
        for (id, rel, file, document) in decoded {
            let Some(Document::Plan(mut plan)) = document else {
                return self.reload();
            };
            let Some(k) = self.site.plans.iter().position(|p| p.source == id) else {
                return self.reload();
            };
            let old = &self.site.plans[k];
            if old.slug != plan.slug || old.is_draft() != plan.is_draft() {
                return self.reload();
            }
            if plan.updated.is_none() {
                plan.updated = self
                    .git_dates
                    .get(&rel)
                    .copied()
                    .or_else(|| crate::site::updated::modified(&file.path));
            }
            plans.push((k, rel, file, *plan));
        }
        // The listings that showed the plans before the edit, and (below) those that show them now.
        let mut keys = Keys::default();
        plans.iter().for_each(|(k, ..)| keys.add(&self.site, *k));
        let undo = self.swap_in(plans);
        let changed: Vec<usize> = undo.iter().map(|u| u.plan).collect();
        let problems = self.lint_changed(&changed);
        if problems.has_errors() {
            let sources = self.site.sources.clone();
            self.swap_out(undo);
            return Err((problems, sources));
        }
        let written = self.write_plan_pages(&changed, &mut diagnostics)?;
        if !written.is_empty() {
            let urls = self.urls();
            plans_written(
                &written
                    .iter()
                    .map(|p| urls.url(p.trim_end_matches("index.html")))
                    .collect::<Vec<_>>(),
            );
        }
        // Listings and exports show no narrative: an edit of the Markdown body alone
        // changes the plan's own page and nothing else.
        if undo
            .iter()
            .all(|u| same_but_narrative(&u.old, &self.site.plans[u.plan]))
        {
            return Ok(Rebuilt {
                written,
                removed: 0,
                full: false,
                elapsed: Duration::ZERO,
            });
        }
        undo.iter().for_each(|u| keys.add(&self.site, u.plan));
        let (mut rest, removed) = self.write_listings(&keys, &mut diagnostics)?;
        rest.extend(written);
        rest.sort();
        Ok(Rebuilt {
            written: rest,
            removed,
            full: false,
            elapsed: Duration::ZERO,
        })
    }

    fn urls(&self) -> Urls {
        Urls::new(&self.site.config.base_url)
    }

    /// Puts the edited plans and their texts in place; returns what they replaced.
    fn swap_in(&mut self, plans: Vec<(usize, String, SourceFile, Plan)>) -> Vec<Undo> {
        let mut undo = Vec::new();
        for (k, _, file, plan) in plans {
            let id = plan.source;
            let source = self.site.sources.replace(id, file);
            let old = std::mem::replace(&mut self.site.plans[k], plan);
            self.site.rollups[k] = rollup::plan(&self.site.plans[k], self.site.as_of);
            self.linter.refresh(&self.site, id);
            undo.push(Undo { plan: k, source, old });
        }
        undo
    }

    /// Puts back what [`Session::swap_in`] replaced.
    fn swap_out(&mut self, undo: Vec<Undo>) {
        for u in undo.into_iter().rev() {
            let id = u.old.source;
            self.site.sources.replace(id, u.source);
            self.site.plans[u.plan] = u.old;
            self.site.rollups[u.plan] = rollup::plan(&self.site.plans[u.plan], self.site.as_of);
            self.linter.refresh(&self.site, id);
        }
    }

    /// The lints of the changed plans, and the links of any file into them.
    fn lint_changed(&self, changed: &[usize]) -> Diagnostics {
        let mut out = Diagnostics::default();
        let mut rels = Vec::new();
        for &k in changed {
            let plan = &self.site.plans[k];
            out.extend(self.linter.lint_plan(plan, &self.site));
            rels.extend(self.site.paths.get(&plan.source).map(String::as_str));
        }
        // The changed plans' own links are in both lists.
        let into: Vec<_> = self
            .linter
            .check_links_into(&rels)
            .iter()
            .filter(|d| !out.iter().any(|o| o == *d))
            .cloned()
            .collect();
        into.into_iter().for_each(|d| out.push(d));
        out.sort();
        out
    }

    /// Renders and writes the changed plans' own pages (with the current index, whose only
    /// stale part for them, their anchors, is refreshed first).
    fn write_plan_pages(
        &mut self,
        changed: &[usize],
        diagnostics: &mut Diagnostics,
    ) -> Result<Vec<String>, Failure> {
        let published: Vec<usize> = changed
            .iter()
            .copied()
            .filter(|&k| self.index.anchors.get(k).is_some_and(Option::is_some))
            .collect();
        for &k in &published {
            self.index.anchors[k] = Some(PlanAnchors::new(&self.site.plans[k]));
        }
        let specs: Vec<PageSpec> = published.iter().map(|&k| PageSpec::Plan(k)).collect();
        let urls = self.urls();
        let cx = RenderContext::new(
            &self.site,
            &self.index,
            &urls,
            &self.theme,
            self.options.live_reload,
        );
        let (written, manifest) = self
            .write(&cx, &specs, false, diagnostics)
            .map_err(|d| (d, self.site.sources.clone()))?;
        self.manifest.extend(manifest);
        Ok(written)
    }

    /// Re-indexes the site and writes every listing that shows a plan with `keys`, every
    /// page that appeared, and the exports; removes pages that are gone.
    fn write_listings(
        &mut self,
        keys: &Keys,
        diagnostics: &mut Diagnostics,
    ) -> Result<(Vec<String>, usize), Failure> {
        let old_specs: HashSet<PageSpec> = pages::specs(&self.site, &self.index).into_iter().collect();
        let index = Index::new(&self.site, self.options.drafts);
        let new_specs = pages::specs(&self.site, &index);
        let specs: Vec<PageSpec> = new_specs
            .iter()
            .filter(|s| keys.shows(s) || !old_specs.contains(*s))
            .cloned()
            .collect();
        let gone: HashSet<String> = {
            let new: HashSet<&PageSpec> = new_specs.iter().collect();
            old_specs
                .iter()
                .filter(|s| !new.contains(s))
                .map(|s| paths::file(&pages::path(&self.site, s)))
                .collect()
        };
        let urls = self.urls();
        let cx = RenderContext::new(&self.site, &index, &urls, &self.theme, self.options.live_reload);
        let (written, manifest) = self
            .write(&cx, &specs, true, diagnostics)
            .map_err(|d| (d, self.site.sources.clone()))?;
        let writer = LiveWriter {
            root: &self.output,
            manifest: &self.manifest,
        };
        for path in &gone {
            writer
                .remove(path)
                .map_err(|e| (io_diagnostics(&e), self.site.sources.clone()))?;
        }
        gone.iter().for_each(|path| _ = self.manifest.remove(path));
        self.manifest.extend(manifest);
        self.index = index;
        Ok((written, gone.len()))
    }
}

/// Whether two versions of a plan differ in their narrative at most.
fn same_but_narrative(old: &Plan, new: &Plan) -> bool {
    old == &Plan {
        body: old.body.clone(),
        ..new.clone()
    }
}
