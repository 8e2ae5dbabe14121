//! One module per algorithm, each implementing [`crate::ring::Router`].

/// The [`Router`] methods shared by every router whose node list is a `nodes` field and whose
/// lookup structures are rebuilt through [`Rebuilt`]: the list, add, remove, boxing.
macro_rules! list_router_methods {
    () => {
        fn nodes(&self) -> &[Node] {
            &self.nodes
        }

        fn add(&mut self, node: Node) -> Result<(), RouterError> {
            super::add_rebuilt(self, node)
        }

        fn remove(&mut self, name: &str) -> Result<Node, RouterError> {
            super::remove_rebuilt(self, name)
        }

        fn clone_box(&self) -> Box<dyn Router> {
            Box::new(self.clone())
        }
    };
}

pub mod bounded;
pub mod maglev;
pub mod memento;
pub mod multiprobe;
pub mod numbered;
pub(crate) mod points;
pub mod rendezvous;
pub mod ring;

use crate::ring::router::{self, Node, Router, RouterError};

/// A router whose lookup structures are derived from its node list and rebuilt on every
/// change; [`add_rebuilt`] and [`remove_rebuilt`] implement `add` and `remove` for it.
pub(crate) trait Rebuilt: Router {
    /// The node list, for changing it.
    fn node_list(&mut self) -> &mut Vec<Node>;

    /// Recomputes the lookup structures from the node list.
    fn rebuild(&mut self) -> Result<(), RouterError>;
}

/// Checks and appends `node`, then rebuilds; a failed rebuild leaves the router unchanged.
pub(crate) fn add_rebuilt<R: Rebuilt>(router: &mut R, node: Node) -> Result<(), RouterError> {
    router::check_new(router.algorithm(), router.nodes(), &node)?;
    router.node_list().push(node);
    if let Err(err) = router.rebuild() {
        router.node_list().pop();
        router.rebuild()?;
        return Err(err);
    }
    Ok(())
}

/// Removes the node called `name` (keeping the others in order), then rebuilds.
pub(crate) fn remove_rebuilt<R: Rebuilt>(router: &mut R, name: &str) -> Result<Node, RouterError> {
    let i = router::find(router.nodes(), name)?;
    let node = router.node_list().remove(i);
    router.rebuild()?;
    Ok(node)
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the algorithms' unit tests.

    use crate::ring::router::Router;

    /// The owner's name of keys `key:0` .. `key:{count-1}`.
    pub(crate) fn owners(router: &dyn Router, count: u32) -> Vec<String> {
        (0..count).map(|k| router.route_name(format!("key:{k}").as_bytes()).unwrap().to_owned()).collect()
    }

    /// Key counts per node index for keys `key:0` .. `key:{count-1}`.
    pub(crate) fn counts(router: &dyn Router, count: u32) -> Vec<u64> {
        let mut counts = vec![0u64; router.nodes().len()];
        for k in 0..count {
            counts[router.route(format!("key:{k}").as_bytes()).unwrap()] += 1;
        }
        counts
    }

    /// Relative standard deviation (percent of the mean) of `values`.
    pub(crate) fn stddev_pct(values: &[f64]) -> f64 {
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        100.0 * var.sqrt() / mean
    }

    /// Largest count over the mean.
    pub(crate) fn max_over_avg(counts: &[u64]) -> f64 {
        let mean = counts.iter().sum::<u64>() as f64 / counts.len() as f64;
        *counts.iter().max().unwrap() as f64 / mean
    }
}
