//! The engine under every key-space scenario: route every key through several router states
//! ("views") and hand each key's owners to a fold.
//!
//! Owners are reported as ids in a [`Universe`] of node names shared by all views, so a
//! scenario compares "before" and "after" by identity, whatever index each router gives a
//! node. Stateless views run on all cores. A stateful view (bounded-load) makes the whole
//! sweep sequential, in key order, each view assigning into its own copy with zeroed load:
//! that ordered assignment is the bounded-load model documented in
//! [`crate::ring::algo::bounded`].

use std::collections::HashMap;

use crate::ring::keys::{KeyBuf, KeySpace, Observer, par_blocks};
use crate::ring::router::{EmptyRouter, Router};

/// Every node name a scenario has seen, numbered densely.
#[derive(Debug, Clone, Default)]
pub struct Universe {
    names: Vec<String>,
    ids: HashMap<String, u32>,
}

impl Universe {
    /// The id of `name`, assigned on first sight.
    pub fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_owned());
        self.ids.insert(name.to_owned(), id);
        id
    }

    /// The name of an id.
    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether no name was seen yet.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// A view of `router`: the router plus the universe id of each of its node indices.
    pub fn view<'a>(&mut self, router: &'a dyn Router) -> View<'a> {
        let ids = router.nodes().iter().map(|n| self.id(&n.name)).collect();
        View { router, ids }
    }
}

/// One router state of a sweep.
#[derive(Debug)]
pub struct View<'a> {
    router: &'a dyn Router,
    ids: Vec<u32>,
}

impl View<'_> {
    /// Universe ids of the view's live nodes.
    pub fn ids(&self) -> &[u32] {
        &self.ids
    }
}

/// Routes every key of `keys` through every view and folds `owners` (one universe id per
/// view, in view order) into per-worker states made by `init`. Returns the states.
pub fn sweep<S: Send>(
    keys: KeySpace,
    threads: usize,
    observer: &dyn Observer,
    views: &[View<'_>],
    init: impl Fn() -> S + Sync,
    visit: impl Fn(&mut S, u64, &[u32]) + Sync,
) -> Result<Vec<S>, EmptyRouter> {
    if views.iter().any(|v| v.router.is_stateful()) {
        return sequential(keys, observer, views, init, visit).map(|s| vec![s]);
    }
    let states = par_blocks(
        keys.count,
        threads,
        observer,
        || (init(), KeyBuf::new(keys.seed), vec![0u32; views.len()], None),
        |(state, buf, owners, failed), range| {
            if failed.is_some() {
                return;
            }
            for i in range {
                let key = buf.key(i);
                for (slot, view) in owners.iter_mut().zip(views) {
                    match view.router.route(key) {
                        Ok(index) => *slot = view.ids[index],
                        Err(err) => {
                            *failed = Some(err);
                            return;
                        }
                    }
                }
                visit(state, i, owners);
            }
        },
    );
    let mut out = Vec::with_capacity(states.len());
    for (state, _, _, failed) in states {
        if let Some(err) = failed {
            return Err(err);
        }
        out.push(state);
    }
    Ok(out)
}

/// The sequential path: each view assigns into its own copy, keys in order.
fn sequential<S>(
    keys: KeySpace,
    observer: &dyn Observer,
    views: &[View<'_>],
    init: impl Fn() -> S,
    visit: impl Fn(&mut S, u64, &[u32]),
) -> Result<S, EmptyRouter> {
    let mut routers: Vec<Box<dyn Router>> = views
        .iter()
        .map(|v| {
            let mut r = v.router.clone_box();
            r.reset_load();
            r
        })
        .collect();
    let mut state = init();
    let mut buf = KeyBuf::new(keys.seed);
    let mut owners = vec![0u32; views.len()];
    const REPORT_EVERY: u64 = 1 << 16;
    for i in 0..keys.count {
        let key = buf.key(i);
        for ((slot, view), router) in owners.iter_mut().zip(views).zip(&mut routers) {
            *slot = view.ids[router.assign(key)?];
        }
        visit(&mut state, i, &owners);
        if (i + 1) % REPORT_EVERY == 0 {
            observer.advance(REPORT_EVERY);
        }
    }
    observer.advance(keys.count % REPORT_EVERY);
    Ok(state)
}

/// Sums per-worker count vectors element-wise.
pub fn merge_counts(states: impl IntoIterator<Item = Vec<u64>>) -> Vec<u64> {
    let mut total: Vec<u64> = Vec::new();
    for counts in states {
        if total.len() < counts.len() {
            total.resize(counts.len(), 0);
        }
        for (t, c) in total.iter_mut().zip(counts) {
            *t += c;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ring::keys::Silent;
    use crate::ring::{Algorithm, Node, RouterConfig};

    #[test]
    fn views_share_ids_by_name_and_counts_do_not_depend_on_threads() {
        let config = RouterConfig::default();
        let before = Algorithm::Ring.build(Node::numbered("n", 4), &config).unwrap();
        let mut after = before.clone();
        after.remove("n1").unwrap();
        let mut universe = Universe::default();
        let views = [universe.view(before.as_ref()), universe.view(after.as_ref())];
        assert_eq!(universe.len(), 4);
        assert_eq!(views[1].ids(), &[1, 2, 3]);
        let keys = KeySpace { seed: 3, count: 50_000 };
        let count = |threads| {
            let states = sweep(
                keys,
                threads,
                &Silent,
                &views,
                || vec![0u64; 8],
                |c, _, o| {
                    c[o[0] as usize] += 1;
                    c[4 + o[1] as usize] += 1;
                },
            )
            .unwrap();
            merge_counts(states)
        };
        let one = count(1);
        assert_eq!(one, count(3));
        assert_eq!(one[..4].iter().sum::<u64>(), 50_000);
        assert_eq!(one[4], 0, "n1 is gone after the removal");
    }

    #[test]
    fn a_stateful_view_is_assigned_in_key_order_from_zero_load() {
        let config = RouterConfig { epsilon: 0.1, ..RouterConfig::default() };
        let mut bounded = Algorithm::BoundedLoad.build(Node::numbered("n", 3), &config).unwrap();
        bounded.assign(b"pre-existing load is ignored").unwrap();
        let mut universe = Universe::default();
        let views = [universe.view(bounded.as_ref())];
        let states = sweep(
            KeySpace { seed: 1, count: 9_000 },
            4,
            &Silent,
            &views,
            || vec![0u64; 3],
            |c, _, o| {
                c[o[0] as usize] += 1;
            },
        )
        .unwrap();
        assert_eq!(states.len(), 1);
        let cap = (1.1f64 * 9_000.0 / 3.0).ceil() as u64;
        assert!(states[0].iter().all(|&c| c <= cap), "{:?}", states[0]);
    }
}
