//! veysi: five tools for backend and infrastructure engineers in one binary.
//!
//! Each tool is a library module with a typed API and no printing; [`cli`] holds the command
//! tree, [`run`] wires a parsed command line to the libraries, and [`report`] renders every
//! result as tables or JSON.

pub mod cli;
pub mod docs;
pub mod http;
pub mod kube;
pub mod mcp;
pub mod pool;
pub mod progress;
pub mod report;
pub mod ring;
pub mod run;
pub mod signal;
