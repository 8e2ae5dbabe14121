//! The accounting of one read phase, as pure functions: given where every key lived before an
//! event, where the router sends it now, which reads hit, and which nodes the event killed or
//! restored, count the misses and say which of them the algorithm could have avoided.

use serde::Serialize;

/// The counts of one phase (see [`tally`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Reads that found this run's value.
    pub hits: u64,
    /// Reads that did not: the key was not on the node it is now routed to.
    pub misses: u64,
    /// Misses of keys that lived on a node killed by this phase's event (unavoidable).
    pub misses_on_killed: u64,
    /// Keys routed to a different node than before where both nodes were up before and after
    /// the event (avoidable: a minimal-disruption algorithm moves none).
    pub moved_between_survivors: u64,
    /// Keys now routed to a node the event brought back (empty after a restart: the warm-up).
    pub moved_to_restored: u64,
}

/// Counts one read phase. `before[i]` and `after[i]` are key i's node (an index into the
/// cluster's node list) before and after the event, `hit[i]` whether reading it from
/// `after[i]` found it, `killed[n]` / `restored[n]` whether the event killed / restored node n.
///
/// Panics if the slices disagree in length (a programming error, not outside input).
pub fn tally(before: &[u32], after: &[u32], hit: &[bool], killed: &[bool], restored: &[bool]) -> Tally {
    assert!(before.len() == after.len() && after.len() == hit.len(), "one entry per key");
    let mut t = Tally::default();
    for ((&was, &now), &hit) in before.iter().zip(after).zip(hit) {
        let was_killed = killed[was as usize];
        if hit {
            t.hits += 1;
        } else {
            t.misses += 1;
            t.misses_on_killed += u64::from(was_killed);
        }
        if was != now && !was_killed {
            if restored[now as usize] {
                t.moved_to_restored += 1;
            } else {
                t.moved_between_survivors += 1;
            }
        }
    }
    t
}

/// Keys per node: `counts[n]` = keys whose node is `n`, for `nodes` nodes.
pub fn per_node(owners: &[u32], nodes: usize) -> Vec<u64> {
    let mut counts = vec![0u64; nodes];
    for &n in owners {
        counts[n as usize] += 1;
    }
    counts
}

/// The keys of each node: `groups[n]` = indices of the keys whose node is `n`, in key order.
pub fn group(owners: &[u32], nodes: usize) -> Vec<Vec<u32>> {
    let mut groups = vec![Vec::new(); nodes];
    for (key, &n) in owners.iter().enumerate() {
        groups[n as usize].push(key as u32);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kill_that_moves_only_the_dead_nodes_keys_misses_exactly_those() {
        // Node 1 dies; its keys (1 and 3) go to nodes 0 and 2; the rest stay.
        let before = [0, 1, 2, 1, 0];
        let after = [0, 0, 2, 2, 0];
        let hit = [true, false, true, false, true];
        let t = tally(&before, &after, &hit, &[false, true, false], &[false; 3]);
        assert_eq!(
            t,
            Tally {
                hits: 3,
                misses: 2,
                misses_on_killed: 2,
                moved_between_survivors: 0,
                moved_to_restored: 0
            }
        );
    }

    #[test]
    fn keys_moved_between_survivors_are_counted_apart_from_the_dead_nodes_keys() {
        // Node 2 dies (key 2); keys 0 and 4 move between survivors 0 and 1, as modulo does.
        let before = [0, 1, 2, 1, 0];
        let after = [1, 1, 0, 1, 1];
        let hit = [false, true, false, true, false];
        let t = tally(&before, &after, &hit, &[false, false, true], &[false; 3]);
        assert_eq!((t.misses, t.misses_on_killed, t.moved_between_survivors), (3, 1, 2));
        assert_eq!(t.misses, t.misses_on_killed + t.moved_between_survivors);
    }

    #[test]
    fn a_moved_key_that_still_hits_is_a_move_but_not_a_miss() {
        // Key 0 moves from node 0 to node 1, which still holds it from an earlier phase.
        let t = tally(&[0, 1], &[1, 1], &[true, true], &[false; 2], &[false; 2]);
        assert_eq!((t.hits, t.misses, t.moved_between_survivors), (2, 0, 1));
    }

    #[test]
    fn keys_going_back_to_a_restored_node_are_the_warm_up_not_survivor_moves() {
        // Node 2 comes back empty: keys 1 and 3 return to it and miss.
        let before = [0, 1, 1, 1];
        let after = [0, 2, 1, 2];
        let hit = [true, false, true, false];
        let t = tally(&before, &after, &hit, &[false; 3], &[false, false, true]);
        assert_eq!(
            (t.misses, t.misses_on_killed, t.moved_to_restored, t.moved_between_survivors),
            (2, 0, 2, 0)
        );
    }

    #[test]
    fn counts_and_groups_agree() {
        let owners = [2, 0, 2, 2];
        assert_eq!(per_node(&owners, 4), [1, 0, 3, 0]);
        assert_eq!(group(&owners, 4), [vec![1], vec![], vec![0, 2, 3], vec![]]);
    }
}
