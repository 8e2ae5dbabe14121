//! `veysi kube-ro`: a read-only kubectl. The [`policy`] decides, as a pure function of the
//! argument vector, whether kubectl may run; [`runner`] finds the real kubectl and runs it with
//! a cleaned environment; [`redact`] removes credentials from output that needs it; [`plugin`]
//! installs the `kubectl ro` plugin link.

pub mod audit;
pub mod command;
pub mod mcp;
pub mod plugin;
pub mod policy;
pub mod redact;
pub mod runner;
