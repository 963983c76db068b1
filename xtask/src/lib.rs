//! The project's chores, as a library so that tests can run them:
//! [`fixtures`] regenerates and checks the expected outputs of the fixtures.

pub mod fixtures;
