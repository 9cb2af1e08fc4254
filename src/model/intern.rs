//! One shared copy of each repeated short text for a whole load.
//!
//! Who does an action, its resources and its measure repeat across a plan and across plans
//! (`State Lead`, `Existing staff time`, `Percent of staff trained`). A site holds them for
//! hundreds of thousands of items for the whole build, and one allocation each was an eighth
//! of the loaded model's memory.
//!
//! Timeframes are not shared: they are short and far more often distinct (dates), so the set
//! grew large and the look-ups made decoding a fifth slower for little saving.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

/// One set per thread of the pool, so that a look-up takes an uncontended lock: a shared
/// concurrent map made decoding about a tenth slower. A text is then held at most once per
/// thread, which keeps nearly all of the saving.
pub struct Interner {
    shards: Box<[Mutex<Texts>]>,
}

type Texts = HashSet<Arc<str>, ahash::RandomState>;

impl Default for Interner {
    fn default() -> Self {
        // The pool's threads, and one more for any thread outside it.
        let shards = (0..=rayon::current_num_threads())
            .map(|_| Mutex::default())
            .collect();
        Interner { shards }
    }
}

impl Interner {
    /// The shared copy of `text`, made on first sight.
    pub fn share(&self, text: &str) -> Arc<str> {
        let outside = self.shards.len() - 1;
        let shard = rayon::current_thread_index().map_or(outside, |i| i.min(outside));
        let mut texts = self.shards[shard].lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(found) = texts.get(text) {
            return found.clone();
        }
        let made: Arc<str> = Arc::from(text);
        texts.insert(made.clone());
        made
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_is_one_copy() {
        let interner = Interner::default();
        let a = interner.share("State Lead");
        let b = interner.share(&String::from("State Lead"));
        let c = interner.share("Regional Lead");
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!((&*a, &*c), ("State Lead", "Regional Lead"));
    }

    #[test]
    fn each_thread_of_the_pool_holds_one_copy() {
        use rayon::prelude::*;
        let interner = Interner::default();
        let texts: Vec<Arc<str>> = (0..1000)
            .into_par_iter()
            .map(|_| interner.share("Ongoing"))
            .collect();
        let mut distinct: Vec<*const u8> = texts.iter().map(|t| t.as_ptr()).collect();
        distinct.sort();
        distinct.dedup();
        assert!(
            distinct.len() <= rayon::current_num_threads(),
            "{} copies",
            distinct.len()
        );
        assert!(texts.iter().all(|t| &**t == "Ongoing"));
    }
}
