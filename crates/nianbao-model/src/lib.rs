//! nianbao-model
