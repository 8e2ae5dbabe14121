//! `veysi kube-ro`: a read-only kubectl. The [`policy`] decides, as a pure function of the
//! argument vector, whether kubectl may run; the rest of the module runs it and renders the
//! answer.

pub mod command;
pub mod policy;
