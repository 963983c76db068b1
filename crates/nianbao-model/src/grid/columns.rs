//! Which grid column holds each column of the form under a header.
//!
//! A header gives the grid columns its labels span; the data rows give the
//! columns that hold numbers (each with the last column its cells cover:
//! Word and WPS tables have grid columns that exist only in the header, and
//! their number cells span them). A label takes the column of numbers its
//! span meets. A label missing from the header (a blank cell, or no cell)
//! takes the one column of numbers left where it must stand: between the
//! columns of the labels found before and after it, under no header text of
//! its own. Every column is placed only when exactly one placement of the
//! whole header fits; anything else is an [`Unplaced`], never a guess.
//!
//! Pure: the finder in [`super`] reads the grid and reports the outcome.

/// A column of numbers: the grid column its cells start in, and the last
/// grid column they cover.
pub(super) type ValueCol = (u32, u32);

/// Where a column of the form stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ColumnAt {
    /// Under its own label: the column of its numbers (the label's own
    /// column when no number stands under it: a column left blank).
    Label(u32),
    /// Its label is missing: the only column of numbers where it must stand.
    Inferred(u32),
}

impl ColumnAt {
    /// The grid column.
    pub(super) fn col(self) -> u32 {
        match self {
            ColumnAt::Label(c) | ColumnAt::Inferred(c) => c,
        }
    }
}

/// Why the columns under a header cannot be placed for certain. Column
/// numbers (`col`, `cols`) index the form's columns; `at` are grid columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Unplaced {
    /// A label spans two columns of numbers and nothing tells which is its
    /// own.
    Span { col: usize, a: u32, b: u32 },
    /// Two labels meet one column of numbers only: whose is it?
    Shared { cols: [usize; 2], at: u32 },
    /// Labels are missing, and the labels found do not stand in the form's
    /// order, so no position tells where the missing ones stand.
    Order,
    /// A missing label has no column of numbers where it must stand.
    Nowhere { col: usize },
    /// Missing labels fit more than one placement: these columns of the
    /// form could stand in these grid columns.
    Several { cols: Vec<usize>, at: Vec<u32> },
    /// Labels are missing, and a column of numbers belongs to no column of
    /// the form: the header and the data rows do not agree.
    Extra { at: u32 },
}

/// At most this many columns of numbers are tried for one missing label.
const MAX_CANDIDATES: usize = 8;

/// Places the form's columns.
///
/// * `labels`: per column of the form, the grid columns its label spans,
///   `None` where the label is missing.
/// * `values`: the columns of numbers of the data rows, by grid column.
/// * `area`: the first and last grid column numbers of this table may stand
///   in (right of the row labels; a table 四 group's span).
/// * `foreign`: the grid columns of header text that is none of the form's
///   labels nor a header over them (a `备注` column): no missing label goes
///   under it.
pub(super) fn place(
    labels: &[Option<(u32, u32)>],
    values: &[ValueCol],
    area: (u32, u32),
    foreign: &[(u32, u32)],
) -> Result<Vec<ColumnAt>, Unplaced> {
    let n = labels.len();
    let values: Vec<ValueCol> = values
        .iter()
        .filter(|(v, _)| (area.0..=area.1).contains(v))
        .copied()
        .collect();
    let meets = |(l, r): (u32, u32), (v, e): ValueCol| v <= r && l <= e;
    let headed = |vc: ValueCol| foreign.iter().any(|f| meets(*f, vc));
    let missing = labels.iter().any(Option::is_none);
    if missing {
        // Positions mean something only when the labels found stand in the
        // form's order, side by side.
        let found: Vec<(u32, u32)> = labels.iter().flatten().copied().collect();
        if found.windows(2).any(|w| w[0].1 >= w[1].0) {
            return Err(Unplaced::Order);
        }
    }
    let mut cands: Vec<Vec<u32>> = Vec::with_capacity(n);
    // Missing labels whose place is a column left blank in every row.
    let mut blank: Vec<Option<u32>> = vec![None; n];
    for k in 0..n {
        let c: Vec<u32> = match labels[k] {
            Some(span) => values
                .iter()
                .filter(|vc| meets(span, **vc))
                .map(|vc| vc.0)
                .collect(),
            None => {
                let after = labels[..k].iter().rev().flatten().next().map(|s| s.1);
                let before = labels[k + 1..].iter().flatten().next().map(|s| s.0);
                let c: Vec<u32> = values
                    .iter()
                    .filter(|vc| {
                        after.is_none_or(|a| vc.0 > a)
                            && before.is_none_or(|b| vc.0 < b)
                            && !headed(**vc)
                            && !labels.iter().flatten().any(|s| meets(*s, **vc))
                    })
                    .map(|vc| vc.0)
                    .collect();
                // The one grid column between its neighbours (or between a
                // neighbour and the end of the area), when no number stands
                // in it: the column left blank (a group of table 四 with
                // nothing to report).
                let one = match (after, before) {
                    (Some(a), Some(b)) => (b == a + 2).then_some(a + 1),
                    (None, Some(b)) => (b == area.0 + 1).then_some(area.0),
                    (Some(a), None) => (area.1 == a + 1).then_some(area.1),
                    (None, None) => None,
                };
                if let Some(col) =
                    one.filter(|&c| !values.iter().any(|vc| meets((c, c), *vc)) && !headed((c, c)))
                {
                    blank[k] = Some(col);
                    cands.push(Vec::new());
                    continue;
                }
                if c.is_empty() {
                    // A label over two columns of numbers, when there is one,
                    // is why: the labels after it stand off their numbers.
                    return Err(labels
                        .iter()
                        .enumerate()
                        .find_map(|(j, span)| {
                            let span = (*span)?;
                            let over: Vec<u32> = values
                                .iter()
                                .filter(|vc| meets(span, **vc))
                                .map(|vc| vc.0)
                                .collect();
                            (over.len() >= 2).then(|| Unplaced::Span {
                                col: j,
                                a: over[0],
                                b: over[1],
                            })
                        })
                        .unwrap_or(Unplaced::Nowhere { col: k }));
                }
                if c.len() > MAX_CANDIDATES {
                    return Err(Unplaced::Several {
                        cols: vec![k],
                        at: c[..2].to_vec(),
                    });
                }
                c
            }
        };
        cands.push(c);
    }

    // Every column with candidates takes one, no two the same; count the
    // placements that fit, up to two.
    let mut found: Vec<Vec<Option<u32>>> = Vec::new();
    let mut chosen: Vec<Option<u32>> = vec![None; n];
    search(&cands, 0, &mut chosen, &mut found);
    match found.as_slice() {
        [] => Err(clash(labels, &cands)),
        [one] => {
            let at: Vec<ColumnAt> = (0..n)
                .map(|k| match (labels[k], one[k]) {
                    (Some(_), Some(c)) => ColumnAt::Label(c),
                    (Some(span), None) => ColumnAt::Label(span.0),
                    (None, Some(c)) => ColumnAt::Inferred(c),
                    (None, None) => ColumnAt::Inferred(
                        blank[k].expect("a missing label has candidates or a blank column"),
                    ),
                })
                .collect();
            if missing {
                // Every column of numbers must be some column of the form,
                // or the count that fixed the missing ones means nothing.
                if let Some((v, _)) = values.iter().find(|(v, _)| !one.contains(&Some(*v))) {
                    return Err(Unplaced::Extra { at: *v });
                }
            }
            Ok(at)
        }
        [a, b, ..] => {
            let differ: Vec<usize> = (0..n).filter(|&k| a[k] != b[k]).collect();
            let gone: Vec<usize> = differ
                .iter()
                .copied()
                .filter(|&k| labels[k].is_none())
                .collect();
            if gone.is_empty() {
                let k = differ[0];
                Err(Unplaced::Span {
                    col: k,
                    a: cands[k][0],
                    b: cands[k][1],
                })
            } else {
                let mut at: Vec<u32> = gone.iter().flat_map(|&k| cands[k].clone()).collect();
                at.sort_unstable();
                at.dedup();
                Err(Unplaced::Several { cols: gone, at })
            }
        }
    }
}

fn search(
    cands: &[Vec<u32>],
    k: usize,
    chosen: &mut Vec<Option<u32>>,
    found: &mut Vec<Vec<Option<u32>>>,
) {
    if found.len() >= 2 {
        return;
    }
    if k == cands.len() {
        found.push(chosen.clone());
        return;
    }
    if cands[k].is_empty() {
        return search(cands, k + 1, chosen, found);
    }
    for &c in &cands[k] {
        if chosen[..k].contains(&Some(c)) {
            continue;
        }
        chosen[k] = Some(c);
        search(cands, k + 1, chosen, found);
        chosen[k] = None;
    }
}

/// No placement fits: two labels meet one column of numbers only.
fn clash(labels: &[Option<(u32, u32)>], cands: &[Vec<u32>]) -> Unplaced {
    for j in 0..cands.len() {
        for k in j + 1..cands.len() {
            if let Some(at) = cands[j].iter().find(|c| cands[k].contains(c)) {
                if cands[j].len() == 1 || cands[k].len() == 1 {
                    return Unplaced::Shared {
                        cols: [j, k],
                        at: *at,
                    };
                }
            }
        }
    }
    // Longer chains of the same kind: name the first missing label, else
    // the first two that share.
    match labels.iter().position(Option::is_none) {
        Some(col) => Unplaced::Nowhere { col },
        None => {
            let (j, k, at) = (0..cands.len())
                .flat_map(|j| (j + 1..cands.len()).map(move |k| (j, k)))
                .find_map(|(j, k)| {
                    cands[j]
                        .iter()
                        .find(|c| cands[k].contains(c))
                        .map(|c| (j, k, *c))
                })
                .unwrap_or((0, 1, 0));
            Unplaced::Shared { cols: [j, k], at }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ColumnAt::{Inferred as I, Label as L};

    /// The form's seven columns of table 三, one grid column each, from D (3).
    fn seven() -> Vec<Option<(u32, u32)>> {
        (3..10).map(|c| Some((c, c))).collect()
    }

    fn cols(cs: impl IntoIterator<Item = u32>) -> Vec<ValueCol> {
        cs.into_iter().map(|c| (c, c)).collect()
    }

    const AREA: (u32, u32) = (3, u32::MAX);

    /// Table 三's labels with 商业企业 over E:F and the labels after it one
    /// column to the right; 自然人 and 总计 there or missing.
    fn commercial_wide(natural: bool, total: bool) -> Vec<Option<(u32, u32)>> {
        let mut labels = vec![natural.then_some((3, 3)), Some((4, 5))];
        labels.extend((6..10).map(|c| Some((c, c))));
        labels.push(total.then_some((10, 10)));
        labels
    }

    #[test]
    fn every_label_found_places_by_label() {
        let got = place(&seven(), &cols(3..10), AREA, &[]).unwrap();
        assert_eq!(got, (3..10).map(L).collect::<Vec<_>>());
    }

    #[test]
    fn a_label_over_a_blank_column_keeps_its_own_column() {
        // 科研机构 left blank in every row: its column holds no number.
        let values = cols([3, 4, 6, 7, 8, 9]);
        let got = place(&seven(), &values, AREA, &[]).unwrap();
        assert_eq!(got[2], L(5));
    }

    #[test]
    fn a_blank_first_label_is_the_column_before_the_second() {
        let mut labels = seven();
        labels[0] = None;
        let got = place(&labels, &cols(3..10), AREA, &[]).unwrap();
        assert_eq!(got[0], I(3));
        assert!(got[1..].iter().all(|c| matches!(c, L(_))));
    }

    #[test]
    fn a_missing_last_label_is_the_column_after_the_others() {
        let mut labels = seven();
        labels[6] = None;
        let got = place(&labels, &cols(3..10), AREA, &[]).unwrap();
        assert_eq!(got[6], I(9));
    }

    #[test]
    fn blanks_at_both_ends_and_one_in_the_middle() {
        let mut labels = seven();
        labels[0] = None;
        labels[3] = None;
        labels[6] = None;
        let got = place(&labels, &cols(3..10), AREA, &[]).unwrap();
        assert_eq!(got, vec![I(3), L(4), L(5), I(6), L(7), L(8), I(9)]);
    }

    #[test]
    fn a_label_spanning_a_blank_spacer_column() {
        // 商业企业 over E:F, F empty in every row (a spacer column); 自然人
        // blank and 总计 missing.
        let labels = commercial_wide(false, false);
        let values = cols([3, 4, 6, 7, 8, 9, 10]);
        let got = place(&labels, &values, AREA, &[]).unwrap();
        assert_eq!(got, vec![I(3), L(4), L(6), L(7), L(8), L(9), I(10)]);
    }

    #[test]
    fn header_only_grid_columns_of_a_word_table() {
        // 商业企业 spans E:F; the data rows' 科研机构 cell spans F:G, under
        // the 科研机构 label at G: 商业企业 meets E and F, 科研机构 only F.
        let labels = commercial_wide(true, true);
        let values = vec![(3, 3), (4, 4), (5, 6), (7, 7), (8, 8), (9, 9), (10, 10)];
        let got = place(&labels, &values, AREA, &[]).unwrap();
        assert_eq!(got, vec![L(3), L(4), L(5), L(7), L(8), L(9), L(10)]);
    }

    #[test]
    fn a_label_over_two_columns_of_numbers_is_refused() {
        // 商业企业 over E:F, both holding numbers, no other label claiming F.
        let mut labels: Vec<Option<(u32, u32)>> = (4..11).map(|c| Some((c, c))).collect();
        labels[0] = Some((3, 3));
        labels[1] = Some((4, 5));
        let values = cols(3..11);
        assert_eq!(
            place(&labels, &values, AREA, &[]),
            Err(Unplaced::Span { col: 1, a: 4, b: 5 })
        );
    }

    #[test]
    fn a_shifted_header_is_refused() {
        // The page mis-merged: 商业企业 over E:F pushes the labels
        // right of it one column over the numbers, 其他 over the totals; no
        // 自然人 and no 总计. Neither the positions nor the count agree.
        let labels = commercial_wide(false, false);
        let values = cols(3..10);
        assert_eq!(
            place(&labels, &values, AREA, &[]),
            Err(Unplaced::Span { col: 1, a: 4, b: 5 })
        );
    }

    #[test]
    fn two_missing_side_by_side_are_refused() {
        let mut labels = seven();
        labels[2] = None;
        labels[3] = None;
        assert_eq!(
            place(&labels, &cols(3..10), AREA, &[]),
            Err(Unplaced::Several {
                cols: vec![2, 3],
                at: vec![5, 6]
            })
        );
    }

    #[test]
    fn an_extra_column_in_the_gap_is_refused() {
        // 总计 missing and two columns of numbers after 其他.
        let mut labels = seven();
        labels[6] = None;
        assert_eq!(
            place(&labels, &cols(3..11), AREA, &[]),
            Err(Unplaced::Several {
                cols: vec![6],
                at: vec![9, 10]
            })
        );
    }

    #[test]
    fn an_extra_column_elsewhere_is_refused_when_a_label_is_inferred() {
        // 自然人 blank; an unlabelled column of numbers between 科研机构 and
        // 社会公益组织: the header and the rows disagree.
        let labels = vec![
            None,
            Some((4, 4)),
            Some((5, 5)),
            Some((7, 7)),
            Some((8, 8)),
            Some((9, 9)),
            Some((10, 10)),
        ];
        assert_eq!(
            place(&labels, &cols(3..11), AREA, &[]),
            Err(Unplaced::Extra { at: 6 })
        );
        // With every label found, such a column is not the form's and is
        // left alone, as before.
        let mut all = labels.clone();
        all[0] = Some((3, 3));
        assert!(place(&all, &cols(3..11), AREA, &[]).is_ok());
    }

    #[test]
    fn a_missing_label_whose_column_is_blank_is_refused() {
        let mut labels = seven();
        labels[6] = None;
        assert_eq!(
            place(&labels, &cols(3..9), AREA, &[]),
            Err(Unplaced::Nowhere { col: 6 })
        );
    }

    #[test]
    fn a_column_under_other_header_text_is_no_missing_label() {
        // 总计 missing, and the one column after 其他 is headed 备注.
        let mut labels = seven();
        labels[6] = None;
        assert_eq!(
            place(&labels, &cols(3..10), AREA, &[(9, 9)]),
            Err(Unplaced::Nowhere { col: 6 })
        );
    }

    #[test]
    fn labels_out_of_order_fix_no_position() {
        let mut labels = seven();
        labels[0] = None;
        labels.swap(1, 2);
        assert_eq!(
            place(&labels, &cols(3..10), AREA, &[]),
            Err(Unplaced::Order)
        );
    }

    #[test]
    fn the_area_bounds_a_group_of_table_four() {
        // 行政复议 over A:E with 总计 blank; 未经复议直接起诉's numbers from F.
        let labels = vec![Some((0, 0)), Some((1, 1)), Some((2, 2)), Some((3, 3)), None];
        let got = place(&labels, &cols(0..15), (0, 4), &[]).unwrap();
        assert_eq!(got[4], I(4));
    }

    #[test]
    fn a_missing_label_over_a_blank_column_between_its_neighbours() {
        // 复议后起诉 over K:O with nothing to report, 结果维持 blank: K is
        // the one column left, and it holds no number.
        let labels = vec![
            None,
            Some((11, 11)),
            Some((12, 12)),
            Some((13, 13)),
            Some((14, 14)),
        ];
        let got = place(&labels, &cols(0..10), (10, 14), &[]).unwrap();
        assert_eq!(got, vec![I(10), L(11), L(12), L(13), L(14)]);
        // Not under other header text, and not where the gap is wider.
        assert_eq!(
            place(&labels, &cols(0..10), (10, 14), &[(10, 10)]),
            Err(Unplaced::Nowhere { col: 0 })
        );
        assert_eq!(
            place(&labels, &cols(0..9), (9, 14), &[]),
            Err(Unplaced::Nowhere { col: 0 })
        );
    }

    #[test]
    fn two_labels_on_one_column_are_refused() {
        let labels = vec![Some((3, 4)), Some((4, 4))];
        assert_eq!(
            place(&labels, &cols([4]), AREA, &[]),
            Err(Unplaced::Shared {
                cols: [0, 1],
                at: 4
            })
        );
    }
}
