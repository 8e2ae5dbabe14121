//! Tables for the `ring chaos` report. Every figure comes from the report; this module only
//! formats.

use super::report::{ChaosReport, Phase, PhaseRow};
use crate::report::{Report, Section, Style, fixed, int, num, pct, text};

impl Report for ChaosReport {
    fn sections(&self, style: &Style) -> Vec<Section> {
        let mut sections = vec![self.phases(style)];
        for phase in [Phase::Load, Phase::Kill, Phase::MassKill, Phase::Restore] {
            if self.algorithms.iter().any(|a| a.phase(phase).is_some()) {
                sections.push(self.per_node(phase, style));
            }
        }
        sections.push(self.nodes(style));
        sections
    }
}

impl ChaosReport {
    /// "redis-3 killed; then redis-1, redis-4; restored ...".
    fn events(&self) -> String {
        let mut out = format!("{} killed", self.killed);
        if !self.mass_killed.is_empty() {
            out += &format!(", then {} at once", self.mass_killed.join(", "));
        }
        if !self.restored.is_empty() {
            out += &format!(", then {} restarted", self.restored.join(", "));
        }
        out
    }

    /// Whether node `name` is down during `phase`.
    fn is_down(&self, name: &str, phase: Phase) -> bool {
        match phase {
            Phase::Kill => name == self.killed,
            Phase::MassKill => name == self.killed || self.mass_killed.iter().any(|m| m == name),
            _ => false,
        }
    }

    fn phases(&self, style: &Style) -> Section {
        let restore = !self.restored.is_empty();
        let mut headers = vec![
            "algorithm",
            "phase",
            "nodes",
            "hits",
            "misses",
            "on killed\nnodes",
            "moved between\nsurvivors",
        ];
        if restore {
            headers.push("to restored\nnodes");
        }
        headers.extend(["hit rate", "ms"]);
        let mut table = style.table(&headers);
        for algorithm in &self.algorithms {
            for (i, row) in algorithm.phases.iter().enumerate() {
                let name = if i == 0 { algorithm.algorithm.to_string() } else { String::new() };
                table.add_row(phase_cells(name, row, restore));
            }
        }
        let versions: Vec<&str> = {
            let mut v: Vec<&str> = self.nodes.iter().map(|n| n.redis_version.as_str()).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let title = format!(
            "Chaos on {} Redis {} servers ({}): {} ({} keys per algorithm, hash {}, seed {})",
            self.nodes.len(),
            versions.join("/"),
            if self.source == "spawn" { "spawned" } else { "given" },
            self.events(),
            int(self.keys),
            self.router.hash,
            self.seed,
        );
        Section::new(title, table)
            .note(
                "ring, rendezvous, multi-probe and memento promise misses = the killed nodes' keys and 0 moves \
                 between survivors;",
            )
            .note("Maglev's disruption is minimal, not zero; bounded-load re-balances under its cap; modulo and jump renumber.")
            .note("Every miss is written again on the key's new node (cache-aside), so each phase starts warm.")
    }

    fn per_node(&self, phase: Phase, style: &Style) -> Section {
        let mut headers = vec!["node".to_owned()];
        headers.extend(self.algorithms.iter().map(|a| a.algorithm.to_string()));
        let mut table = style.table(&headers);
        for (n, node) in self.nodes.iter().enumerate() {
            let mark = if node.name == self.killed {
                " ← killed"
            } else if self.mass_killed.contains(&node.name) {
                " ← mass kill"
            } else {
                ""
            };
            let mut cells = vec![text(format!("{}{mark}", node.name))];
            let down = self.is_down(&node.name, phase);
            for algorithm in &self.algorithms {
                cells.push(num(match algorithm.per_node.keys(n, phase) {
                    Some(_) if down => "-".to_owned(),
                    Some(k) => int(k),
                    None => String::new(),
                }));
            }
            table.add_row(cells);
        }
        let title = match phase {
            Phase::Load => "Keys per node before the kill".to_owned(),
            Phase::Kill => format!("Keys per node after {} died", self.killed),
            Phase::MassKill => format!("Keys per node after {} died too", self.mass_killed.join(", ")),
            _ => format!("Keys per node after {} came back", self.restored.join(", ")),
        };
        Section::new(title, table)
    }

    fn nodes(&self, style: &Style) -> Section {
        let mut table = style.table(&[
            "node",
            "address",
            "server",
            "up at end",
            "connections\ndialled",
            "pings\nfailed",
            "dials\nfailed",
        ]);
        for node in &self.nodes {
            let server = match node.pids.as_slice() {
                [] => "given".to_owned(),
                pids => {
                    let list: Vec<String> = pids.iter().map(u32::to_string).collect();
                    format!("pid {}", list.join(", "))
                }
            };
            table.add_row(vec![
                text(&node.name),
                text(&node.address),
                text(server),
                text(if node.up { "yes" } else { "no" }),
                num(int(node.pool.created)),
                num(int(node.pool.ping_failed)),
                num(int(node.pool.dial_failed)),
            ]);
        }
        Section::new(
            format!("Nodes and their connection pools ({} ms in all)", fixed(self.duration_ms, 0)),
            table,
        )
        .note("The pool pings (PING/+PONG) every connection it hands out: a dead node shows as failed pings")
        .note("and refused dials here, never as a hang.")
    }
}

fn phase_cells(name: String, row: &PhaseRow, restore: bool) -> Vec<comfy_table::Cell> {
    let read = row.hit_rate.is_some();
    let count = |v: u64| num(if read { int(v) } else { "-".to_owned() });
    let mut cells = vec![
        text(name),
        text(row.phase.name()),
        num(row.live_nodes),
        count(row.hits),
        count(row.misses),
        count(row.misses_on_killed),
        count(row.moved_between_survivors),
    ];
    if restore {
        cells.push(count(row.moved_to_restored));
    }
    cells.push(num(row.hit_rate.map_or_else(|| "-".to_owned(), |r| pct(100.0 * r, 1))));
    cells.push(num(fixed(row.duration_ms, 1)));
    cells
}
