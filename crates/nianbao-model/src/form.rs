//! The official form as data: every table, block, row and column with its
//! stable key and official label.
//!
//! Every reader and writer is driven by these definitions; nothing else in
//! the workspace spells out a label or a key. A report's numbers live in one
//! flat vector indexed by [`CellId`], in the order of [`Form::cells`]
//! (tables, then blocks, then rows, then columns).

use std::sync::OnceLock;

/// Which edition of the official form a report follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FormVersion {
    /// 国办公开办函〔2021〕30号: reports on 2021 and later.
    #[default]
    V2021,
    /// 国办公开办函〔2019〕60号: reports on 2019 and 2020.
    V2019,
}

impl FormVersion {
    /// The definition of this edition.
    pub fn form(self) -> &'static Form {
        match self {
            FormVersion::V2021 => &FORM_2021,
            FormVersion::V2019 => &FORM_2019,
        }
    }

    /// The short name used in JSON (`"2021"`, `"2019"`).
    pub fn name(self) -> &'static str {
        match self {
            FormVersion::V2021 => "2021",
            FormVersion::V2019 => "2019",
        }
    }

    /// The form that reports on `year` use: 2019 for 2019 and 2020, 2021
    /// from 2021 on; `None` before 2019 (no official tables then).
    pub fn for_year(year: u16) -> Option<FormVersion> {
        match year {
            ..=2018 => None,
            2019 | 2020 => Some(FormVersion::V2019),
            _ => Some(FormVersion::V2021),
        }
    }
}

/// What a number cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A whole number of items, ≥ 0.
    Count,
    /// An exact decimal amount ≥ 0 in 万元 (the fee).
    Amount,
    /// An exact decimal amount ≥ 0 in 元 (采购总金额 of the 2019 form).
    Yuan,
    /// A whole number that may be negative (本年增/减 of the 2019 form).
    Signed,
}

impl ValueKind {
    /// Whether a value of this kind is a [`crate::Value::Amount`].
    pub fn is_amount(self) -> bool {
        matches!(self, ValueKind::Amount | ValueKind::Yuan)
    }
}

/// A number column of a block.
#[derive(Debug)]
pub struct ColumnDef {
    /// Stable key (`natural`, `issued`, …).
    pub key: &'static str,
    /// Official label (`自然人`, `本年制发件数`, …).
    pub label: &'static str,
    /// What the cells of this column hold.
    pub kind: ValueKind,
}

/// A row of a block.
#[derive(Debug)]
pub struct RowDef {
    /// Stable key (`new`, `denied.state_secret`, …).
    pub key: &'static str,
    /// The row's own official label (`1.属于国家秘密`).
    pub label: &'static str,
    /// Labels of the merged group cells that stand to the left of this row,
    /// outermost first (`三、本年度办理结果`, `（三）不予公开`).
    pub groups: &'static [&'static str],
    /// Other spellings seen in real reports (matched like the label).
    pub aliases: &'static [&'static str],
}

/// A block: one small table with its own columns (table 二 has four).
#[derive(Debug)]
pub struct BlockDef {
    /// Caption above the block (`第二十条第（一）项`); empty when none.
    pub caption: &'static str,
    /// Label of the header cell above the row labels (`信息内容`); empty when none.
    pub corner: &'static str,
    /// The number columns, in official order.
    pub columns: &'static [ColumnDef],
    /// The rows, in official order.
    pub rows: &'static [RowDef],
}

/// One of the form's tables (sections 二, 三, 四).
#[derive(Debug)]
pub struct TableDef {
    /// Stable key: `active`, `applications`, `reviews`.
    pub key: &'static str,
    /// The section heading (`二、主动公开政府信息情况`).
    pub heading: &'static str,
    /// Other spellings of the heading seen in real reports.
    pub heading_aliases: &'static [&'static str],
    /// The blocks, in official order.
    pub blocks: &'static [BlockDef],
    /// How the official form draws the table.
    pub drawing: Drawing,
}

/// How the official form draws a table: the one fact about a table's shape
/// that its rows and columns do not tell. Readers of grids and every writer
/// of the form follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drawing {
    /// Each block as a small table under its caption (table 二).
    Blocks,
    /// Row labels down the side, columns across (table 三).
    Rows,
    /// The rows stand as column groups over the columns, with one data row
    /// (table 四: 行政复议, 未经复议直接起诉, 复议后起诉 side by side).
    Transposed,
}

impl TableDef {
    /// The rows of all blocks in order, each with its block.
    pub fn rows(&self) -> impl Iterator<Item = (&'static BlockDef, &'static RowDef)> + '_ {
        let blocks: &'static [BlockDef] = self.blocks;
        blocks
            .iter()
            .flat_map(|b| b.rows.iter().map(move |r| (b, r)))
    }

    /// Number of cells in this table.
    pub fn cell_count(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| b.rows.len() * b.columns.len())
            .sum()
    }

    /// Number of value columns of the widest block: the value columns of
    /// the table as drawn (a narrower block's cells span them).
    pub fn widest_block(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| b.columns.len())
            .max()
            .unwrap_or(0)
    }
}

/// A prose section of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProseSection {
    /// 一、总体情况
    Overview,
    /// 五、存在的主要问题及改进情况
    Problems,
    /// 六、其他需要报告的事项
    Other,
}

impl ProseSection {
    /// All prose sections in report order.
    pub const ALL: [ProseSection; 3] = [Self::Overview, Self::Problems, Self::Other];

    /// The JSON key under `sections`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Overview => "overview",
            Self::Problems => "problems",
            Self::Other => "other",
        }
    }
}

/// A section heading: the six sections in order, each prose or table.
#[derive(Debug)]
pub struct SectionDef {
    /// `一` … `六`.
    pub number: &'static str,
    /// Official heading text including its number (`一、总体情况`).
    pub heading: &'static str,
    /// Other spellings seen in real reports (without the number).
    pub aliases: &'static [&'static str],
    /// What the section holds.
    pub content: SectionContent,
}

/// What a section holds.
#[derive(Debug, Clone, Copy)]
pub enum SectionContent {
    /// Free text.
    Prose(ProseSection),
    /// The table with this index in [`Form::tables`].
    Table(usize),
}

/// A whole edition of the form.
#[derive(Debug)]
pub struct Form {
    /// Which edition.
    pub version: FormVersion,
    /// Its official name.
    pub name: &'static str,
    /// The six sections in order.
    pub sections: &'static [SectionDef],
    /// The tables in order.
    pub tables: &'static [TableDef],
    /// Words in table 二 that only this edition uses (short forms of its
    /// column and row labels, as reports spell them): a text that holds one
    /// follows this edition.
    pub markers: &'static [&'static str],
    cells: OnceLock<Vec<CellDef>>,
}

/// A number cell of one form. Ids are unique across forms (the 2019 form's
/// carry [`CellId::V2019_BIT`]), so an id alone names its cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellId(pub u16);

impl CellId {
    /// Set in the ids of the 2019 form's cells.
    pub const V2019_BIT: u16 = 0x4000;

    /// As an index into the report's values (position in [`Form::cells`]).
    pub fn index(self) -> usize {
        (self.0 & !Self::V2019_BIT) as usize
    }

    /// The form this cell belongs to.
    pub fn form(self) -> FormVersion {
        if self.0 & Self::V2019_BIT != 0 {
            FormVersion::V2019
        } else {
            FormVersion::V2021
        }
    }
}

/// The definition of any cell of any form.
pub fn cell_def(id: CellId) -> &'static CellDef {
    id.form().form().def(id)
}

/// Everything known about one number cell.
#[derive(Debug, Clone, Copy)]
pub struct CellDef {
    /// Its id.
    pub id: CellId,
    /// Index of its table in [`Form::tables`].
    pub table_index: usize,
    /// Its table.
    pub table: &'static TableDef,
    /// Its block.
    pub block: &'static BlockDef,
    /// Its row.
    pub row: &'static RowDef,
    /// Its column.
    pub column: &'static ColumnDef,
    /// Index of its row within the table (across blocks).
    pub row_index: usize,
    /// Index of its column within the block.
    pub column_index: usize,
}

impl CellDef {
    /// `table.row.column`, e.g. `applications.new.natural`.
    pub fn path(&self) -> String {
        format!("{}.{}.{}", self.table.key, self.row.key, self.column.key)
    }
}

impl Form {
    /// Every number cell, in storage order.
    pub fn cells(&'static self) -> &'static [CellDef] {
        self.cells.get_or_init(|| {
            let base = match self.version {
                FormVersion::V2021 => 0,
                FormVersion::V2019 => CellId::V2019_BIT,
            };
            let mut out: Vec<CellDef> = Vec::new();
            for (ti, t) in self.tables.iter().enumerate() {
                let mut row_index = 0;
                for b in t.blocks {
                    for r in b.rows {
                        for (ci, c) in b.columns.iter().enumerate() {
                            out.push(CellDef {
                                id: CellId(base | out.len() as u16),
                                table_index: ti,
                                table: t,
                                block: b,
                                row: r,
                                column: c,
                                row_index,
                                column_index: ci,
                            });
                        }
                        row_index += 1;
                    }
                }
            }
            out
        })
    }

    /// Number of number cells.
    pub fn cell_count(&'static self) -> usize {
        self.cells().len()
    }

    /// The table with this key.
    pub fn table(&self, key: &str) -> Option<(usize, &'static TableDef)> {
        let tables: &'static [TableDef] = self.tables;
        tables.iter().enumerate().find(|(_, t)| t.key == key)
    }

    /// The cell at `table.row.column`.
    pub fn cell(&'static self, table: &str, row: &str, column: &str) -> Option<CellId> {
        self.cells()
            .iter()
            .find(|c| c.table.key == table && c.row.key == row && c.column.key == column)
            .map(|c| c.id)
    }

    /// The first cell of a row (its columns follow contiguously).
    pub fn row_start(&'static self, table: &str, row: &str) -> Option<CellId> {
        self.cells()
            .iter()
            .find(|c| c.table.key == table && c.row.key == row)
            .map(|c| c.id)
    }

    /// The definition of a cell.
    pub fn def(&'static self, id: CellId) -> &'static CellDef {
        &self.cells()[id.index()]
    }
}

const fn count(key: &'static str, label: &'static str) -> ColumnDef {
    ColumnDef {
        key,
        label,
        kind: ValueKind::Count,
    }
}

const fn row(key: &'static str, label: &'static str, groups: &'static [&'static str]) -> RowDef {
    RowDef {
        key,
        label,
        groups,
        aliases: &[],
    }
}

/// The rows of 第二十条第（六）项, the same in both editions.
const PENALTY_ROWS: &[RowDef] = &[
    row("penalty", "行政处罚", &[]),
    row("enforcement", "行政强制", &[]),
];

const DOC_COLUMNS: &[ColumnDef] = &[
    count("issued", "本年制发件数"),
    count("repealed", "本年废止件数"),
    count("in_force", "现行有效件数"),
];
const DECISION_COLUMNS: &[ColumnDef] = &[count("decisions", "本年处理决定数量")];

const ACTIVE_BLOCKS: &[BlockDef] = &[
    BlockDef {
        caption: "第二十条第（一）项",
        corner: "信息内容",
        columns: DOC_COLUMNS,
        rows: &[
            row("regulation", "规章", &[]),
            RowDef {
                key: "normative",
                label: "行政规范性文件",
                groups: &[],
                aliases: &["规范性文件"],
            },
        ],
    },
    BlockDef {
        caption: "第二十条第（五）项",
        corner: "信息内容",
        columns: DECISION_COLUMNS,
        rows: &[row("license", "行政许可", &[])],
    },
    BlockDef {
        caption: "第二十条第（六）项",
        corner: "信息内容",
        columns: DECISION_COLUMNS,
        rows: PENALTY_ROWS,
    },
    BlockDef {
        caption: "第二十条第（八）项",
        corner: "信息内容",
        columns: &[ColumnDef {
            key: "amount",
            label: "本年收费金额（单位：万元）",
            kind: ValueKind::Amount,
        }],
        rows: &[row("fee", "行政事业性收费", &[])],
    },
];

/// Group label of the 21 result rows.
pub const RESULTS_GROUP: &str = "三、本年度办理结果";
const DENIED: &[&str] = &[RESULTS_GROUP, "（三）不予公开"];
const UNABLE: &[&str] = &[RESULTS_GROUP, "（四）无法提供"];
const NOT_PROCESSED: &[&str] = &[RESULTS_GROUP, "（五）不予处理"];
const OTHER: &[&str] = &[RESULTS_GROUP, "（六）其他处理"];

/// The note in the 3×3 corner of table 三.
pub const APPLICATIONS_NOTE: &str =
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
/// The header over the seven number columns of table 三.
pub const APPLICANTS_HEADER: &str = "申请人情况";
/// The header over the five kinds of organisation in table 三.
pub const ORGANISATIONS_HEADER: &str = "法人或其他组织";

const APPLICATION_COLUMNS: &[ColumnDef] = &[
    count("natural", "自然人"),
    count("commercial", "商业企业"),
    count("research", "科研机构"),
    count("social", "社会公益组织"),
    count("legal", "法律服务机构"),
    count("other_org", "其他"),
    count("total", "总计"),
];

/// The rows of table 三 with `$other` as the rows of （六）其他处理: the
/// 2021 form has three, the 2019 form one; every other row is shared.
macro_rules! application_rows {
    ($($other:expr),+ $(,)?) => {
        &[
            row("new", "一、本年新收政府信息公开申请数量", &[]),
            row("carried_over", "二、上年结转政府信息公开申请数量", &[]),
            row("granted", "（一）予以公开", &[RESULTS_GROUP]),
            row(
                "partly_granted",
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                &[RESULTS_GROUP],
            ),
            row("denied.state_secret", "1.属于国家秘密", DENIED),
            row("denied.law_forbidden", "2.其他法律行政法规禁止公开", DENIED),
            row("denied.three_safety", "3.危及“三安全一稳定”", DENIED),
            row("denied.third_party", "4.保护第三方合法权益", DENIED),
            row("denied.internal_affairs", "5.属于三类内部事务信息", DENIED),
            row("denied.process_info", "6.属于四类过程性信息", DENIED),
            row("denied.enforcement_file", "7.属于行政执法案卷", DENIED),
            row("denied.admin_query", "8.属于行政查询事项", DENIED),
            row("unable.not_held", "1.本机关不掌握相关政府信息", UNABLE),
            row("unable.need_create", "2.没有现成信息需要另行制作", UNABLE),
            row("unable.unclear", "3.补正后申请内容仍不明确", UNABLE),
            row(
                "not_processed.complaint",
                "1.信访举报投诉类申请",
                NOT_PROCESSED,
            ),
            row("not_processed.duplicate", "2.重复申请", NOT_PROCESSED),
            row(
                "not_processed.publication",
                "3.要求提供公开出版物",
                NOT_PROCESSED,
            ),
            row(
                "not_processed.mass_repeated",
                "4.无正当理由大量反复申请",
                NOT_PROCESSED,
            ),
            row(
                "not_processed.confirm_again",
                "5.要求行政机关确认或重新出具已获取信息",
                NOT_PROCESSED,
            ),
            $($other,)+
            row("total", "（七）总计", &[RESULTS_GROUP]),
            row("carry_forward", "四、结转下年度继续办理", &[]),
        ]
    };
}

const APPLICATION_ROWS: &[RowDef] = application_rows!(
    row(
        "other.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        OTHER,
    ),
    row(
        "other.no_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        OTHER,
    ),
    row("other.other", "3.其他", OTHER)
);

/// Header of the review group in table 四.
pub const REVIEW_HEADER: &str = "行政复议";
/// Header of the two suit groups in table 四.
pub const SUIT_HEADER: &str = "行政诉讼";

const REVIEW_COLUMNS: &[ColumnDef] = &[
    count("upheld", "结果维持"),
    count("corrected", "结果纠正"),
    count("other", "其他结果"),
    count("pending", "尚未审结"),
    count("total", "总计"),
];

/// The six sections, the same in the 2019 and 2021 forms.
const FORM_2021_SECTIONS: &[SectionDef] = &[
    SectionDef {
        number: "一",
        heading: "一、总体情况",
        aliases: &[],
        content: SectionContent::Prose(ProseSection::Overview),
    },
    SectionDef {
        number: "二",
        heading: "二、主动公开政府信息情况",
        aliases: &[],
        content: SectionContent::Table(0),
    },
    SectionDef {
        number: "三",
        heading: "三、收到和处理政府信息公开申请情况",
        aliases: &[],
        content: SectionContent::Table(1),
    },
    SectionDef {
        number: "四",
        heading: "四、政府信息公开行政复议、行政诉讼情况",
        aliases: &[
            "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
            "政府信息公开行政复议行政诉讼情况",
        ],
        content: SectionContent::Table(2),
    },
    SectionDef {
        number: "五",
        heading: "五、存在的主要问题及改进情况",
        aliases: &[
            "政府信息公开工作存在的主要问题及改进情况",
            "存在的主要问题和改进情况",
            "存在问题及改进情况",
            "存在的问题及改进情况",
            "存在的主要问题及改进措施",
        ],
        content: SectionContent::Prose(ProseSection::Problems),
    },
    SectionDef {
        number: "六",
        heading: "六、其他需要报告的事项",
        aliases: &[],
        content: SectionContent::Prose(ProseSection::Other),
    },
];

/// The six section headings and their aliases as one matcher (a match's
/// index is the section's position in [`Form::sections`]), built once:
/// both editions share the six sections.
pub fn section_matcher() -> &'static crate::label::Matcher {
    static M: OnceLock<crate::label::Matcher> = OnceLock::new();
    M.get_or_init(|| {
        crate::label::Matcher::new(FORM_2021_SECTIONS.iter().enumerate().flat_map(|(i, s)| {
            std::iter::once((i, s.heading)).chain(s.aliases.iter().map(move |a| (i, *a)))
        }))
    })
}

/// A field of a report's front matter as a workbook gives it (a label
/// with the value beside or below it): the label writers put, then other
/// labels readers accept.
#[derive(Debug, Clone, Copy)]
pub struct FieldDef {
    /// The label nianbao writes.
    pub label: &'static str,
    /// Other labels seen in filled-in workbooks.
    pub aliases: &'static [&'static str],
}

/// The sheet of the official workbook that holds the front matter and prose.
pub const BASIC_SHEET: &str = "基本信息";
/// The report's title.
pub const TITLE_FIELD: FieldDef = FieldDef {
    label: "标题",
    aliases: &["报告标题", "报告名称", "题目"],
};
/// The organ that reports.
pub const ORGAN_FIELD: FieldDef = FieldDef {
    label: "机关名称",
    aliases: &[
        "机关",
        "报告机关",
        "单位",
        "单位名称",
        "发布机关",
        "报告单位",
        "填报单位",
    ],
};
/// The year reported on.
pub const YEAR_FIELD: FieldDef = FieldDef {
    label: "年度",
    aliases: &["报告年度", "年份"],
};

/// Table 四, the same in the 2019 and 2021 forms.
const REVIEWS_TABLE: TableDef = TableDef {
    key: "reviews",
    heading: "四、政府信息公开行政复议、行政诉讼情况",
    heading_aliases: &[],
    blocks: &[BlockDef {
        caption: "",
        corner: "",
        columns: REVIEW_COLUMNS,
        rows: &[
            row("review", "行政复议", &[]),
            row("suit_direct", "未经复议直接起诉", &[SUIT_HEADER]),
            row("suit_after_review", "复议后起诉", &[SUIT_HEADER]),
        ],
    }],
    drawing: Drawing::Transposed,
};

/// The 2021 form (国办公开办函〔2021〕30号).
pub static FORM_2021: Form = Form {
    version: FormVersion::V2021,
    name: "国办公开办函〔2021〕30号",
    sections: FORM_2021_SECTIONS,
    tables: &[
        TableDef {
            key: "active",
            heading: "二、主动公开政府信息情况",
            heading_aliases: &[],
            blocks: ACTIVE_BLOCKS,
            drawing: Drawing::Blocks,
        },
        TableDef {
            key: "applications",
            heading: "三、收到和处理政府信息公开申请情况",
            heading_aliases: &[],
            blocks: &[BlockDef {
                caption: "",
                corner: APPLICATIONS_NOTE,
                columns: APPLICATION_COLUMNS,
                rows: APPLICATION_ROWS,
            }],
            drawing: Drawing::Rows,
        },
        REVIEWS_TABLE,
    ],
    markers: &[
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年收费金额",
    ],
    cells: OnceLock::new(),
};

const SIGNED_COLUMN: ColumnDef = ColumnDef {
    key: "change",
    label: "本年增/减",
    kind: ValueKind::Signed,
};
const PREVIOUS_COLUMN: ColumnDef = count("previous", "上一年项目数量");
const ITEMS_2019_COLUMNS: &[ColumnDef] = &[
    PREVIOUS_COLUMN,
    SIGNED_COLUMN,
    count("decisions", "处理决定数量"),
];

const ACTIVE_BLOCKS_2019: &[BlockDef] = &[
    BlockDef {
        caption: "第二十条第（一）项",
        corner: "信息内容",
        columns: &[
            count("made", "本年新制作数量"),
            count("published", "本年新公开数量"),
            count("total_published", "对外公开总数量"),
        ],
        rows: &[
            row("regulation", "规章", &[]),
            RowDef {
                key: "normative",
                label: "规范性文件",
                groups: &[],
                aliases: &["行政规范性文件"],
            },
        ],
    },
    BlockDef {
        caption: "第二十条第（五）项",
        corner: "信息内容",
        columns: ITEMS_2019_COLUMNS,
        rows: &[
            row("license", "行政许可", &[]),
            row("other_services", "其他对外管理服务事项", &[]),
        ],
    },
    BlockDef {
        caption: "第二十条第（六）项",
        corner: "信息内容",
        columns: ITEMS_2019_COLUMNS,
        rows: PENALTY_ROWS,
    },
    BlockDef {
        caption: "第二十条第（八）项",
        corner: "信息内容",
        columns: &[PREVIOUS_COLUMN, SIGNED_COLUMN],
        rows: &[row("fee", "行政事业性收费", &[])],
    },
    BlockDef {
        caption: "第二十条第（九）项",
        corner: "信息内容",
        columns: &[
            count("items", "采购项目数量"),
            ColumnDef {
                key: "amount",
                label: "采购总金额",
                kind: ValueKind::Yuan,
            },
        ],
        rows: &[row("procurement", "政府集中采购", &[])],
    },
];

/// Table 三 of the 2019 form: as 2021, but （六）其他处理 is one row.
const APPLICATION_ROWS_2019: &[RowDef] =
    application_rows!(row("other", "（六）其他处理", &[RESULTS_GROUP]));

/// The 2019 form (国办公开办函〔2019〕60号), used for reports on 2019 and 2020.
pub static FORM_2019: Form = Form {
    version: FormVersion::V2019,
    name: "国办公开办函〔2019〕60号",
    sections: FORM_2021_SECTIONS,
    tables: &[
        TableDef {
            key: "active",
            heading: "二、主动公开政府信息情况",
            heading_aliases: &[],
            blocks: ACTIVE_BLOCKS_2019,
            drawing: Drawing::Blocks,
        },
        TableDef {
            key: "applications",
            heading: "三、收到和处理政府信息公开申请情况",
            heading_aliases: &[],
            blocks: &[BlockDef {
                caption: "",
                corner: APPLICATIONS_NOTE,
                columns: APPLICATION_COLUMNS,
                rows: APPLICATION_ROWS_2019,
            }],
            drawing: Drawing::Rows,
        },
        REVIEWS_TABLE,
    ],
    markers: &[
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "政府集中采购",
        "采购总金额",
    ],
    cells: OnceLock::new(),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_2019_form_has_its_own_table_two_and_one_other_row() {
        let f = FormVersion::V2019.form();
        assert_eq!(f.tables[0].cell_count(), 3 * 2 + 3 * 2 + 3 * 2 + 2 + 2);
        assert_eq!(f.tables[1].cell_count(), 23 * 7);
        assert_eq!(
            f.cell("active", "penalty", "change")
                .map(|c| f.def(c).column.kind),
            Some(ValueKind::Signed)
        );
        assert_eq!(FormVersion::for_year(2020), Some(FormVersion::V2019));
        assert_eq!(FormVersion::for_year(2018), None);
        let id = f.cell("applications", "other", "total").unwrap();
        assert_eq!(id.form(), FormVersion::V2019);
        assert_eq!(cell_def(id).path(), "applications.other.total");
        assert_eq!(f.def(id).id, id);
    }

    #[test]
    fn the_2021_form_has_200_numbers() {
        let f = FormVersion::V2021.form();
        assert_eq!(f.cell_count(), 200);
        assert_eq!(f.tables[0].cell_count(), 10);
        assert_eq!(f.tables[1].cell_count(), 175);
        assert_eq!(f.tables[2].cell_count(), 15);
    }

    #[test]
    fn keys_are_unique_and_lookups_work() {
        let f = FormVersion::V2021.form();
        let mut paths: Vec<String> = f.cells().iter().map(|c| c.path()).collect();
        let n = paths.len();
        paths.sort();
        paths.dedup();
        assert_eq!(paths.len(), n);
        let id = f.cell("applications", "carry_forward", "total").unwrap();
        assert_eq!(f.def(id).path(), "applications.carry_forward.total");
        assert_eq!(id.index(), 10 + 175 - 1);
    }
}
