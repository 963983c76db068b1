//! A lean arena tree for html5ever's tree builder.
//!
//! Only what a report needs is kept: element names, the attributes `id`,
//! `class`, `colspan` and `rowspan`, and text. Comments, processing
//! instructions and doctypes are dropped as they arrive (Word's
//! `<!--[if !supportLists]-->` markers among them). Nodes live in one
//! vector and refer to each other by index, so a deeply nested page is
//! neither built nor dropped by recursion, and the node count is checked
//! between input chunks ([`parse`]).

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{local_name, Attribute, LocalName, QualName};
use std::borrow::Cow;
use std::cell::{Ref, RefCell};

/// Index of a node.
pub type Id = usize;

/// What a node is.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// The document root.
    Document,
    /// An element with the attributes kept.
    Element,
    /// Text.
    Text(String),
    /// A dropped node (comment, processing instruction).
    Ignored,
}

/// One node.
#[derive(Debug, Clone)]
pub struct Node {
    /// What it is.
    pub kind: Kind,
    /// The element name (a placeholder for other nodes).
    pub name: QualName,
    /// Kept attributes: (name, value).
    pub attrs: Vec<(LocalName, String)>,
    /// Parent, if attached.
    pub parent: Option<Id>,
    /// Children in order.
    pub children: Vec<Id>,
    /// Depth when attached (the document is 0).
    pub depth: u32,
}

impl Node {
    /// The element's local name (`td`), empty for other nodes.
    pub fn tag(&self) -> &str {
        match self.kind {
            Kind::Element => &self.name.local,
            _ => "",
        }
    }

    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| &**n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The parsed tree.
#[derive(Debug, Clone)]
pub struct Dom {
    /// All nodes; 0 is the document.
    pub nodes: Vec<Node>,
    /// How many parse errors html5ever reported (a page is read all the
    /// same; the writer's pages have none).
    pub parse_errors: usize,
    /// The first of them.
    pub first_parse_error: Option<Cow<'static, str>>,
}

/// Why a page was not parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TooLarge {
    /// More nodes than allowed (the count reached).
    Nodes(usize),
    /// Elements nested deeper than allowed.
    Depth(u32),
}

/// Parses `text`, refusing pages of more than `max_nodes` nodes or nested
/// deeper than `max_depth`. The input is fed in chunks so that both are
/// checked while the tree grows: html5ever's tree builder scans its stack of
/// open elements, so unbounded depth would cost quadratic time.
pub fn parse(text: &str, max_nodes: usize, max_depth: u32) -> Result<Dom, TooLarge> {
    let sink = Sink {
        errors: std::cell::Cell::new(0),
        first_error: RefCell::new(None),
        deepest: std::cell::Cell::new(0),
        nodes: RefCell::new(vec![Node {
            kind: Kind::Document,
            name: QualName::new(None, ns!(html), local_name!("")),
            attrs: Vec::new(),
            parent: None,
            children: Vec::new(),
            depth: 0,
        }]),
    };
    let mut parser = html5ever::parse_document(sink, Default::default());
    const CHUNK: usize = 16 << 10;
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(CHUNK);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (head, tail) = rest.split_at(cut);
        parser.process(StrTendril::from_slice(head));
        rest = tail;
        let sink = &parser.tokenizer.sink.sink;
        let n = sink.nodes.borrow().len();
        if n > max_nodes {
            return Err(TooLarge::Nodes(n));
        }
        if sink.deepest.get() > max_depth {
            return Err(TooLarge::Depth(sink.deepest.get()));
        }
    }
    let deepest = parser.tokenizer.sink.sink.deepest.get();
    if deepest > max_depth {
        return Err(TooLarge::Depth(deepest));
    }
    let dom = parser.finish();
    if dom.nodes.len() > max_nodes {
        return Err(TooLarge::Nodes(dom.nodes.len()));
    }
    Ok(dom)
}

use html5ever::ns;

struct Sink {
    nodes: RefCell<Vec<Node>>,
    /// The deepest node attached so far.
    deepest: std::cell::Cell<u32>,
    /// Parse errors reported so far.
    errors: std::cell::Cell<usize>,
    /// The first parse error.
    first_error: RefCell<Option<Cow<'static, str>>>,
}

impl Sink {
    fn new_node(&self, kind: Kind, name: QualName, attrs: Vec<(LocalName, String)>) -> Id {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node {
            kind,
            name,
            attrs,
            parent: None,
            children: Vec::new(),
            depth: 0,
        });
        nodes.len() - 1
    }

    fn detach(&self, id: Id) {
        let mut nodes = self.nodes.borrow_mut();
        if let Some(p) = nodes[id].parent.take() {
            nodes[p].children.retain(|&c| c != id);
        }
    }

    /// Inserts `child` into `parent` at `index` (the end when `None`),
    /// merging adjacent text.
    fn insert(&self, parent: Id, index: Option<usize>, child: NodeOrText<Id>) {
        match child {
            NodeOrText::AppendNode(id) => {
                self.detach(id);
                let mut nodes = self.nodes.borrow_mut();
                if matches!(nodes[id].kind, Kind::Ignored) {
                    return;
                }
                nodes[id].parent = Some(parent);
                let depth = nodes[parent].depth + 1;
                nodes[id].depth = depth;
                if depth > self.deepest.get() {
                    self.deepest.set(depth);
                }
                let children = &mut nodes[parent].children;
                let at = index.unwrap_or(children.len()).min(children.len());
                children.insert(at, id);
            }
            NodeOrText::AppendText(t) => {
                let prev = {
                    let nodes = self.nodes.borrow();
                    let children = &nodes[parent].children;
                    let at = index.unwrap_or(children.len()).min(children.len());
                    at.checked_sub(1).map(|i| children[i])
                };
                {
                    let mut nodes = self.nodes.borrow_mut();
                    if let Some(p) = prev {
                        if let Kind::Text(s) = &mut nodes[p].kind {
                            s.push_str(&t);
                            return;
                        }
                    }
                }
                let id = self.new_node(Kind::Text(t.to_string()), placeholder(), Vec::new());
                self.insert(parent, index, NodeOrText::AppendNode(id));
            }
        }
    }
}

fn placeholder() -> QualName {
    QualName::new(None, ns!(), local_name!(""))
}

const KEPT: [&str; 4] = ["id", "class", "colspan", "rowspan"];

impl TreeSink for Sink {
    type Handle = Id;
    type Output = Dom;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Dom {
        Dom {
            nodes: self.nodes.into_inner(),
            parse_errors: self.errors.get(),
            first_parse_error: self.first_error.into_inner(),
        }
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.errors.set(self.errors.get() + 1);
        let mut first = self.first_error.borrow_mut();
        if first.is_none() {
            *first = Some(msg);
        }
    }

    fn get_document(&self) -> Id {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a Id) -> Ref<'a, QualName> {
        Ref::map(self.nodes.borrow(), |n| &n[*target].name)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> Id {
        let attrs = attrs
            .into_iter()
            .filter(|a| KEPT.contains(&&*a.name.local))
            .map(|a| (a.name.local, a.value.chars().take(200).collect()))
            .collect();
        self.new_node(Kind::Element, name, attrs)
    }

    fn create_comment(&self, _text: StrTendril) -> Id {
        self.new_node(Kind::Ignored, placeholder(), Vec::new())
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Id {
        self.new_node(Kind::Ignored, placeholder(), Vec::new())
    }

    fn append(&self, parent: &Id, child: NodeOrText<Id>) {
        self.insert(*parent, None, child);
    }

    fn append_based_on_parent_node(&self, element: &Id, prev: &Id, child: NodeOrText<Id>) {
        if self.nodes.borrow()[*element].parent.is_some() {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &Id) -> Id {
        *target
    }

    fn same_node(&self, x: &Id, y: &Id) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &Id, new_node: NodeOrText<Id>) {
        let (parent, index) = {
            let nodes = self.nodes.borrow();
            let Some(p) = nodes[*sibling].parent else {
                return;
            };
            let i = nodes[p].children.iter().position(|c| c == sibling);
            (p, i)
        };
        // A node moved before its sibling under the same parent shifts the
        // index when it stood before it.
        if let NodeOrText::AppendNode(id) = &new_node {
            self.detach(*id);
        }
        let index = {
            let nodes = self.nodes.borrow();
            nodes[parent].children.iter().position(|c| c == sibling)
        }
        .or(index);
        self.insert(parent, index, new_node);
    }

    fn add_attrs_if_missing(&self, target: &Id, attrs: Vec<Attribute>) {
        let mut nodes = self.nodes.borrow_mut();
        let node = &mut nodes[*target];
        for a in attrs {
            if KEPT.contains(&&*a.name.local) && node.attr(&a.name.local).is_none() {
                node.attrs
                    .push((a.name.local, a.value.chars().take(200).collect()));
            }
        }
    }

    fn remove_from_parent(&self, target: &Id) {
        self.detach(*target);
    }

    fn reparent_children(&self, node: &Id, new_parent: &Id) {
        let children = std::mem::take(&mut self.nodes.borrow_mut()[*node].children);
        let mut nodes = self.nodes.borrow_mut();
        for &c in &children {
            nodes[c].parent = Some(*new_parent);
        }
        nodes[*new_parent].children.extend(children);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(dom: &Dom) -> Vec<&str> {
        dom.nodes
            .iter()
            .map(Node::tag)
            .filter(|t| !t.is_empty())
            .collect()
    }

    #[test]
    fn implied_cells_and_dropped_comments() {
        let dom = parse(
            "<table><tr><td>a<!--[if !supportLists]--><td>b</table><p>x<p>y",
            1000,
            100,
        )
        .unwrap();
        let t = tags(&dom);
        assert_eq!(t.iter().filter(|t| **t == "td").count(), 2);
        assert_eq!(t.iter().filter(|t| **t == "p").count(), 2);
        assert!(dom
            .nodes
            .iter()
            .all(|n| n.kind != Kind::Ignored || n.parent.is_none()));
    }

    #[test]
    fn node_limit_refuses() {
        let page = "<p>".repeat(10_000);
        assert!(parse(&page, 1_000, 100).is_err());
        assert!(parse(&page, 100_000, 100).is_ok());
        let deep = "<div>".repeat(1_000);
        assert!(matches!(
            parse(&deep, 100_000, 100),
            Err(TooLarge::Depth(_))
        ));
        assert!(parse(&deep, 100_000, 2_000).is_ok());
    }
}
