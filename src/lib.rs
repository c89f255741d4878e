//! normsite turns a certification scheme's norms, mappings, pages and certificate register
//! into one static website.
//!
//! A build is data flowing one way:
//! 1. **load** ([`site::Site::load`]): every input file is parsed, in parallel, into typed
//!    structs; every problem becomes a [`diag::Diagnostic`] and loading goes on;
//! 2. **validate**: cross-references (measure ids, mappings, auditors, versions) are resolved,
//!    and the result is an immutable [`site::Site`];
//! 3. **render** ([`render::render`]): a pure function from the site to files in memory;
//! 4. **write** ([`output::Staging`]): the only step that touches the output folder, swapping
//!    the new site in only when everything before succeeded. A build hands the staging folder
//!    to the renderer, which writes the pages nothing reads again as they render
//!    ([`render::render_pages_to`]), so a large register is never all in memory.
#![warn(missing_docs)]

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod diag;
pub mod hours;
pub mod i18n;
pub mod mappings;
pub mod markdown;
pub mod norms;
pub mod output;
pub mod register;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod theme;
pub mod yaml;
