//! Builds a [`Document`] from text in one pass over its lines: residue first,
//! then the title block at the top and the 落款 at the bottom, then headings
//! and paragraphs in between, and last the section tree.

use super::chars::{char_len, is_sentence_end, trim_span};
use super::frame;
use super::grammar::Grammar;
use super::heading::{inline_headings, match_heading};
use super::residue;
use super::year;
use super::{Block, BlockKind, Closing, Document, Heading, LineIndex, ReportYear, Span, Title};

/// A head line longer than this is prose, which ends the title block.
const MAX_HEAD_LINE_CHARS: usize = 60;
/// A bare line this short, ending in 。 and followed by a longer paragraph, is a
/// heading whose numbering was lost.
const MAX_BARE_HEADING_CHARS: usize = 40;
/// A text has (almost) no line breaks when its lines of at least this many
/// characters hold [`RUN_TOGETHER_PERCENT`] of its characters or more.
const RUN_TOGETHER_CHARS: usize = 300;
/// See [`RUN_TOGETHER_CHARS`].
const RUN_TOGETHER_PERCENT: usize = 80;

/// Builds the document. `outline` gives, per 0-based line, the heading level
/// the source format assigned (Word's heading styles); it is empty for plain
/// text, whose headings are recognised from their numbering alone.
pub(super) fn build(name: String, text: String, outline: &[Option<u8>], g: &Grammar) -> Document {
    let line_index = LineIndex::new(&text);
    let hint = |line: usize| outline.get(line).copied().flatten();
    let (lines, page_numbers) = split_page_chunks(g, &text, non_blank_lines(&text, &line_index));
    let lines = split_run_together(g, &text, lines, &page_numbers, &hint);
    let spans: Vec<Span> = lines.iter().map(|&(_, span)| span).collect();
    let mut kinds: Vec<Option<BlockKind>> = residue::furniture(g, &text, &spans)
        .into_iter()
        .zip(&spans)
        .map(|(furniture, span)| {
            (furniture || page_numbers.contains(span)).then_some(BlockKind::Residue)
        })
        .collect();

    let (title, issuer, doc_number, head_end) = read_head(g, &text, &lines, &mut kinds, &hint);
    let (mut closing, body_end_line) = read_closing(g, &text, &lines, &mut kinds, head_end);
    closing.date_value = closing
        .date
        .and_then(|d| g.date_value(&text[d.start..d.end]));

    let body_start = if head_end == 0 {
        0
    } else {
        // A line cut where a heading starts inside it (see
        // `split_run_together`) goes on after the head on the same line.
        let after_head = end_of_line(&text, lines[head_end - 1].1.end);
        lines
            .get(head_end)
            .map_or(after_head, |&(_, next)| after_head.min(next.start))
    };
    let body_end = match body_end_line {
        Some(i) => lines[i].1.start,
        None => text.len(),
    };
    let body = Span::new(body_start.min(body_end), body_end);

    let level_of = outline_levels(g, &text, &lines, &kinds, body, &hint);
    let mut headings = Vec::new();
    for (i, &(line, span)) in lines.iter().enumerate() {
        if kinds[i].is_some() || span.start < body.start || span.end > body.end {
            continue;
        }
        let styled = level_of(line);
        kinds[i] = Some(match match_heading(g, &text, span) {
            Some(m) => {
                headings.push(Heading {
                    level: m.level,
                    number: Some(m.number),
                    marker: Some(m.marker),
                    span: m.heading,
                    title: m.title,
                    run_in: m.run_in,
                    section: Span::default(),
                    parent: None,
                    line,
                });
                BlockKind::Heading(headings.len() - 1)
            }
            // A heading by its style, without a number in the text.
            None => match styled {
                Some(level) => {
                    headings.push(Heading {
                        level,
                        number: None,
                        marker: None,
                        span,
                        title: span,
                        run_in: None,
                        section: Span::default(),
                        parent: None,
                        line,
                    });
                    BlockKind::Heading(headings.len() - 1)
                }
                None => BlockKind::Paragraph,
            },
        });
    }
    let mut blocks: Vec<Block> = Vec::with_capacity(lines.len());
    blocks.extend(
        lines
            .iter()
            .zip(&kinds)
            .filter_map(|(&(line, span), kind)| kind.map(|kind| Block { kind, span, line })),
    );
    promote_bare_headings(g, &text, &mut blocks, &mut headings);
    nest_sections(&blocks, &mut headings, body.end);

    let portal = residue::portal_dates(g, &text, &blocks);
    let year_evidence = year::evidence(
        g,
        &text,
        title.as_ref(),
        &blocks,
        &headings,
        closing,
        &portal,
    );
    let report_year = year_evidence.first().map(|e| ReportYear {
        year: e.year,
        span: Some(e.span),
        source: e.source,
    });
    let residue_spans = blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Residue)
        .map(|b| b.span)
        .collect();
    let named_issuer = named_issuer(g, &text, title.as_ref(), &blocks, &headings);
    Document {
        name,
        named_issuer,
        pages: super::PageMap::default(),
        layout: None,
        line_index,
        blocks,
        title,
        issuer,
        doc_number,
        report_year,
        year_evidence,
        headings,
        closing,
        portal,
        residue: residue_spans,
        body,
        simplified: Default::default(),
        text,
    }
}

/// The issuing body named at the start of the title, else as the subject of
/// the first sentence of prose (“2021年，区政府办公室……”).
fn named_issuer(
    g: &Grammar,
    text: &str,
    title: Option<&Title>,
    blocks: &[Block],
    headings: &[Heading],
) -> Option<String> {
    if let Some(name) = title.and_then(|t| frame::issuer_in_title(g, &t.text)) {
        return Some(name.to_string());
    }
    let first = blocks.iter().find_map(|b| match b.kind {
        BlockKind::Paragraph => Some(b.span),
        BlockKind::Heading(i) => headings[i].run_in,
        _ => None,
    })?;
    frame::issuer_in_opening(g, &text[first.start..first.end]).map(str::to_string)
}

/// `(0-based line, trimmed span)` of every line that is not blank; `index`
/// is the text's line index, whose line starts are where the lines are.
fn non_blank_lines(text: &str, index: &LineIndex) -> Vec<(usize, Span)> {
    let mut out = Vec::new();
    for line in 0..index.line_count() {
        let start = index.line_start(line);
        // Up to the line's `\n`, or the end of the text for the last line.
        let end = index
            .next_line_start(line)
            .map_or(text.len(), |next| next - 1);
        let span = trim_span(text, Span::new(start, end));
        if !span.is_empty() {
            out.push((line, span));
        }
    }
    out
}

/// A document site's preview cuts a report into pages, each line a page
/// that starts with its number (“1、…”, “2、…”) and stops mid-sentence. When
/// the lines that start with the pack's `residue.page_chunk` are numbered 1,
/// 2, 3… in order, are long, and all but the last end without a sentence
/// end, each number is cut off as a piece of its own (returned, to be read
/// as residue), so that it is not taken for a third-level heading “1、”.
fn split_page_chunks(
    g: &Grammar,
    text: &str,
    lines: Vec<(usize, Span)>,
) -> (Vec<(usize, Span)>, Vec<Span>) {
    // (page number, index of the line, the number's span)
    let pages: Vec<(usize, usize, Span)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, &(_, span))| {
            let line = &text[span.start..span.end];
            // Most lines start no page: told without allocating the groups.
            if !g.page_chunk.is_match(line) {
                return None;
            }
            let caps = g.page_chunk.captures(line)?;
            let number = caps.get(1)?.as_str().parse().ok()?;
            let end = span.start + caps.get(0)?.end();
            Some((number, i, Span::new(span.start, end)))
        })
        .collect();
    let is_page = |k: usize, &(number, i, _): &(usize, usize, Span)| {
        let span = lines[i].1;
        let line = &text[span.start..span.end];
        let last = k + 1 == pages.len();
        number == k + 1
            && (last || char_len(line) >= MIN_PAGE_CHARS)
            && (last || !line.ends_with(is_sentence_end))
    };
    if pages.len() < 2 || !pages.iter().enumerate().all(|(k, p)| is_page(k, p)) {
        return (lines, Vec::new());
    }
    let mut out = Vec::with_capacity(lines.len() + pages.len());
    let mut markers = Vec::with_capacity(pages.len());
    let mut next = pages.iter().peekable();
    for (i, (line, span)) in lines.into_iter().enumerate() {
        match next.peek() {
            Some(&&(_, at, marker)) if at == i => {
                next.next();
                out.push((line, marker));
                markers.push(marker);
                let rest = trim_span(text, Span::new(marker.end, span.end));
                if !rest.is_empty() {
                    out.push((line, rest));
                }
            }
            _ => out.push((line, span)),
        }
    }
    (out, markers)
}

/// See [`split_page_chunks`]: a page of a document site's preview is at
/// least this long (all but the last).
const MIN_PAGE_CHARS: usize = 150;

/// Text copied without its line breaks (a whole report on one line, from a
/// document site or a PDF) is read as the lines it lost: each long line is
/// cut where a heading starts inside it (see [`inline_headings`]), and the
/// pieces are read as lines of their own, keeping their line number and their
/// place in the text, so findings and fixes point at the text as it is. A
/// text with its line breaks is read as it is: there “。一、” inside a line is
/// prose. A line with a heading style from the source is never cut. The
/// pages of a document site's preview (after their `page_numbers`) are cut
/// whatever their length.
fn split_run_together(
    g: &Grammar,
    text: &str,
    lines: Vec<(usize, Span)>,
    page_numbers: &[Span],
    hint: &impl Fn(usize) -> Option<u8>,
) -> Vec<(usize, Span)> {
    let chars = |span: Span| char_len(&text[span.start..span.end]);
    // A document site's pages (see `split_page_chunks`) lost their line
    // breaks whatever their length.
    let min_chars = if page_numbers.is_empty() {
        RUN_TOGETHER_CHARS
    } else {
        1
    };
    // The characters of all lines, and of the long ones, counted at once.
    let (total, long) = lines.iter().fold((0, 0), |(total, long), &(_, span)| {
        let n = chars(span);
        (total + n, if n >= min_chars { long + n } else { long })
    });
    if long == 0 || long * 100 < total * RUN_TOGETHER_PERCENT {
        return lines;
    }
    let mut out = Vec::with_capacity(lines.len());
    let mut first = true;
    for (line, span) in lines {
        // Page furniture (a document site's blurb, its page numbers) is
        // never cut.
        let furniture =
            page_numbers.contains(&span) || residue::is_residue(g, &text[span.start..span.end]);
        if chars(span) < min_chars || hint(line).is_some() || furniture {
            first &= furniture;
            out.push((line, span));
            continue;
        }
        let mut start = span.start;
        let mut cuts = inline_headings(g, text, span);
        cuts.extend(closing_cuts(g, text, span));
        if std::mem::take(&mut first) {
            // The text starts with the title run on to the opening.
            let slice = &text[span.start..span.end];
            cuts.extend(
                frame::title_run_on(g, slice, MAX_HEAD_LINE_CHARS).map(|end| span.start + end),
            );
        }
        cuts.sort_unstable();
        cuts.dedup();
        for cut in cuts {
            let piece = trim_span(text, Span::new(start, cut));
            if !piece.is_empty() {
                out.push((line, piece));
            }
            start = cut;
        }
        let piece = trim_span(text, Span::new(start, span.end));
        if !piece.is_empty() {
            out.push((line, piece));
        }
    }
    out
}

/// Where the 落款 starts in a line that lost its line breaks, when it runs on
/// after the last sentence (“……提升基层执法能力。某县人民政府2024年2月6日”):
/// the start of the issuer and of the date, so that each is read as the line
/// it was.
fn closing_cuts(g: &Grammar, text: &str, line: Span) -> Vec<usize> {
    let slice = &text[line.start..line.end];
    let Some((i, c)) = slice
        .char_indices()
        .rev()
        .find(|&(_, c)| is_sentence_end(c))
    else {
        return Vec::new();
    };
    let tail_start = i + c.len_utf8();
    let tail = &slice[tail_start..];
    if tail.trim().is_empty() || char_len(tail) > MAX_HEAD_LINE_CHARS {
        return Vec::new();
    }
    let Some(date) = frame::closing_in_tail(g, tail) else {
        return Vec::new();
    };
    let issuer = trim_span(
        text,
        Span::new(line.start + tail_start, line.start + tail_start + date),
    );
    let date = line.start + tail_start + date;
    if issuer.is_empty() {
        vec![date]
    } else {
        vec![issuer.start, date]
    }
}

fn end_of_line(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

/// Maps the source's outline levels to heading levels (1 = 一、 … 4 = （1）).
/// Word counts from whatever level the author started at (the title is often
/// “标题 1” and 一、 “标题 2”), so the offset is learnt from headings that carry
/// both a style and a number, or else the highest styled level in the body
/// becomes level 1.
fn outline_levels<'a>(
    g: &Grammar,
    text: &str,
    lines: &[(usize, Span)],
    kinds: &[Option<BlockKind>],
    body: Span,
    hint: &'a impl Fn(usize) -> Option<u8>,
) -> impl Fn(usize) -> Option<u8> + 'a {
    let mut votes: Vec<(i32, usize)> = Vec::new();
    let mut highest: Option<u8> = None;
    for (i, &(line, span)) in lines.iter().enumerate() {
        let Some(h) = hint(line) else { continue };
        if kinds[i].is_some() || !body.contains(span) {
            continue;
        }
        highest = Some(highest.map_or(h, |x| x.min(h)));
        if let Some(m) = match_heading(g, text, span) {
            let offset = i32::from(m.level) - i32::from(h);
            match votes.iter_mut().find(|(o, _)| *o == offset) {
                Some(v) => v.1 += 1,
                None => votes.push((offset, 1)),
            }
        }
    }
    let offset = votes
        .iter()
        .max_by_key(|(o, n)| (*n, -o.abs()))
        .map(|(o, _)| *o)
        .or_else(|| highest.map(|h| 1 - i32::from(h)));
    let levels = g.levels();
    move |line| {
        let h = hint(line)?;
        let level = i32::from(h) + offset?;
        u8::try_from(level.clamp(1, i32::from(levels.max(1)))).ok()
    }
}

/// Reads the title block. Returns the title, the issuer line before it, the
/// 发文字号 and the index (into `lines`) of the first line after the block.
fn read_head(
    g: &Grammar,
    text: &str,
    lines: &[(usize, Span)],
    kinds: &mut [Option<BlockKind>],
    hint: &impl Fn(usize) -> Option<u8>,
) -> (Option<Title>, Option<Span>, Option<Span>, usize) {
    // The head ends at the first heading or the first line of prose. A line
    // with a heading style ends it too, unless it is the first line: many
    // authors set the title in “标题 1”.
    let mut head_end = lines.len();
    let mut seen_text = false;
    for (i, &(line_no, span)) in lines.iter().enumerate() {
        if kinds[i].is_some() {
            continue;
        }
        let line = &text[span.start..span.end];
        if (seen_text && hint(line_no).is_some())
            || match_heading(g, text, span).is_some()
            || char_len(line) > MAX_HEAD_LINE_CHARS
            || line.ends_with(['。', '：', ':', '；', '，'])
        {
            head_end = i;
            break;
        }
        seen_text = true;
    }

    // Title lines come in groups (a title split over lines); a page copied
    // from a portal may show the column's name (“工作报告”) before the real
    // title. The group with the most title words is the title.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut doc_number = None;
    for i in 0..head_end {
        if kinds[i].is_some() {
            continue;
        }
        let span = lines[i].1;
        let line = &text[span.start..span.end];
        if groups.is_empty() && residue::is_breadcrumb(g, line) {
            kinds[i] = Some(BlockKind::Residue);
        } else if frame::is_doc_number(g, line) {
            kinds[i] = Some(BlockKind::DocNumber);
            doc_number = Some(span);
        } else if frame::is_date(g, line) {
            // “（2023年1月20日）” under the title is its date, not part of it.
            kinds[i] = Some(BlockKind::HeadOther);
        } else if g.looks_like_title(line) {
            match groups.last_mut() {
                Some(group) if i > 0 && kinds[i - 1] == Some(BlockKind::Title) => group.push(i),
                _ => groups.push(vec![i]),
            }
            kinds[i] = Some(BlockKind::Title);
        } else {
            kinds[i] = Some(BlockKind::HeadOther);
        }
    }
    let weight = |group: &Vec<usize>| -> usize {
        group
            .iter()
            .map(|&i| {
                g.title_words
                    .find_iter(&text[lines[i].1.start..lines[i].1.end])
                    .count()
            })
            .sum()
    };
    // The first of the heaviest groups.
    let best = groups
        .iter()
        .enumerate()
        .max_by_key(|&(n, group)| (weight(group), std::cmp::Reverse(n)))
        .map(|(n, _)| n);
    let Some(best) = best else {
        // Without a title there is no title block: what looked like one is prose.
        for kind in kinds.iter_mut().take(head_end) {
            if matches!(kind, Some(BlockKind::Issuer | BlockKind::HeadOther)) {
                *kind = None;
            }
        }
        return (None, None, doc_number, 0);
    };
    for (n, group) in groups.iter().enumerate() {
        if n != best {
            for &i in group {
                kinds[i] = Some(BlockKind::HeadOther);
            }
        }
    }
    let title_parts: Vec<Span> = groups[best].iter().map(|&i| lines[i].1).collect();
    // The issuer is the last short line before the title.
    let first = groups[best][0];
    let mut issuer = None;
    if let Some(i) = (0..first)
        .rev()
        .find(|&i| kinds[i] == Some(BlockKind::HeadOther))
    {
        let span = lines[i].1;
        let line = &text[span.start..span.end];
        let is_title_or_date = frame::is_date(g, line) || g.looks_like_title(line);
        if !is_title_or_date && frame::looks_like_issuer(line) {
            kinds[i] = Some(BlockKind::Issuer);
            issuer = Some(span);
        }
    }
    let title = Title {
        text: title_parts.iter().map(|s| &text[s.start..s.end]).collect(),
        parts: title_parts,
    };
    (Some(title), issuer, doc_number, head_end)
}

/// Reads the 落款 from the bottom up. Returns it and the index of the first
/// line after the body (the closing or the trailing residue).
fn read_closing(
    g: &Grammar,
    text: &str,
    lines: &[(usize, Span)],
    kinds: &mut [Option<BlockKind>],
    head_end: usize,
) -> (Closing, Option<usize>) {
    let mut closing = Closing::default();
    let mut last = lines.len();
    while last > head_end && kinds[last - 1] == Some(BlockKind::Residue) {
        last -= 1;
    }
    let mut body_end = (last < lines.len()).then_some(last);
    if last <= head_end {
        return (closing, body_end);
    }
    let i = last - 1;
    let span = lines[i].1;
    let line = &text[span.start..span.end];
    if frame::is_date(g, line) {
        kinds[i] = Some(BlockKind::ClosingDate);
        closing.date = Some(span);
        body_end = Some(i);
        if i > head_end && kinds[i - 1].is_none() {
            let prev = lines[i - 1].1;
            let prev_line = &text[prev.start..prev.end];
            if frame::looks_like_issuer(prev_line) && match_heading(g, text, prev).is_none() {
                kinds[i - 1] = Some(BlockKind::ClosingIssuer);
                closing.issuer = Some(prev);
                body_end = Some(i - 1);
            }
        }
    } else if let Some(((is, ie), (ds, de))) = frame::split_issuer_and_date(g, line) {
        kinds[i] = Some(BlockKind::ClosingDate);
        closing.issuer = Some(Span::new(span.start + is, span.start + ie));
        closing.date = Some(Span::new(span.start + ds, span.start + de));
        body_end = Some(i);
    } else if frame::looks_like_issuer(line)
        && match_heading(g, text, span).is_none()
        && g.issuer_suffixes.iter().any(|s| line.ends_with(s.as_str()))
    {
        kinds[i] = Some(BlockKind::ClosingIssuer);
        closing.issuer = Some(span);
        body_end = Some(i);
    }
    (closing, body_end)
}

/// Turns short bare lines that stand where a numbered heading should be into
/// unnumbered headings (a report whose numbering was lost in copying): a
/// short sentence after a heading, followed by a longer paragraph, is a
/// sub-heading. A report with no numbered heading at all (copied from a page
/// that set its headings in bold, without numbers) has its first-level
/// headings as short lines without any punctuation between two paragraphs.
fn promote_bare_headings(
    g: &Grammar,
    text: &str,
    blocks: &mut [Block],
    headings: &mut Vec<Heading>,
) {
    let unnumbered = headings.is_empty();
    let mut last_heading: Option<usize> = None;
    let mut promoted = Vec::new();
    for i in 0..blocks.len() {
        match blocks[i].kind {
            BlockKind::Heading(h) => last_heading = Some(h),
            BlockKind::Paragraph => {
                let line = &text[blocks[i].span.start..blocks[i].span.end];
                // Only the length of a short line matters: a line of more
                // than four bytes a character is too long without counting.
                let n = if line.len() > 4 * MAX_BARE_HEADING_CHARS {
                    MAX_BARE_HEADING_CHARS + 1
                } else {
                    char_len(line)
                };
                let after_paragraph = i > 0 && blocks[i - 1].kind == BlockKind::Paragraph;
                let is_top = unnumbered
                    && after_paragraph
                    && n <= MAX_BARE_HEADING_CHARS
                    && !line
                        .contains(|c| is_sentence_end(c) || matches!(c, '，' | ',' | '：' | ':'));
                if last_heading.is_none() && !is_top {
                    continue;
                }
                let is_bare = is_top
                    || (n <= MAX_BARE_HEADING_CHARS
                        && line.ends_with('。')
                        && line.matches(['。', '；', '：']).count() == 1);
                // Only a bare line can be promoted: the item marker (a
                // search through the line) is looked for in those alone.
                if !is_bare || g.item_marker.is_match(line) {
                    continue;
                }
                let next_is_longer = blocks[i + 1..]
                    .iter()
                    .find(|b| b.kind != BlockKind::Residue)
                    .is_some_and(|b| {
                        b.kind == BlockKind::Paragraph
                            && char_len(&text[b.span.start..b.span.end])
                                >= (2 * n).max(MAX_BARE_HEADING_CHARS)
                    });
                if next_is_longer {
                    let level = match last_heading.map(|h| headings[h].level) {
                        _ if is_top => 1,
                        Some(1) => 2,
                        Some(level) => level,
                        None => 1,
                    };
                    headings.push(Heading {
                        level,
                        number: None,
                        marker: None,
                        span: blocks[i].span,
                        title: blocks[i].span,
                        run_in: None,
                        section: Span::default(),
                        parent: None,
                        line: blocks[i].line,
                    });
                    let index = headings.len() - 1;
                    blocks[i].kind = BlockKind::Heading(index);
                    last_heading = Some(index);
                    promoted.push(index);
                }
            }
            _ => {}
        }
    }
    if promoted.is_empty() {
        return;
    }
    // Keep headings in document order and block indices in step with them.
    let mut order: Vec<usize> = (0..headings.len()).collect();
    order.sort_by_key(|&i| headings[i].span.start);
    let mut new_index = vec![0; headings.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut sorted: Vec<Heading> = order.iter().map(|&i| headings[i].clone()).collect();
    std::mem::swap(headings, &mut sorted);
    for block in blocks.iter_mut() {
        if let BlockKind::Heading(h) = block.kind {
            block.kind = BlockKind::Heading(new_index[h]);
        }
    }
}

/// Sets each heading's parent and section span.
fn nest_sections(blocks: &[Block], headings: &mut [Heading], body_end: usize) {
    let starts: Vec<usize> = {
        let mut v = vec![0; headings.len()];
        for b in blocks {
            if let BlockKind::Heading(h) = b.kind {
                v[h] = b.span.start;
            }
        }
        v
    };
    let mut stack: Vec<usize> = Vec::new();
    for i in 0..headings.len() {
        while stack
            .last()
            .is_some_and(|&top| headings[top].level >= headings[i].level)
        {
            stack.pop();
        }
        headings[i].parent = stack.last().copied();
        stack.push(i);
        let level = headings[i].level;
        let end = (i + 1..headings.len())
            .find(|&j| headings[j].level <= level)
            .map_or(body_end, |j| starts[j]);
        let start = headings[i].span.end.min(end);
        headings[i].section = Span::new(start, end.max(start));
    }
}

#[cfg(test)]
mod tests {
    use super::super::Document;
    use super::*;

    fn kinds(doc: &Document) -> Vec<(usize, BlockKind)> {
        doc.blocks.iter().map(|b| (b.line + 1, b.kind)).collect()
    }

    #[test]
    fn title_split_over_two_lines() {
        let doc = Document::parse("t", "区政府办公室2023年度法治政府建设\n\n情况报告\n\n区政府办坚持依法行政，全面落实各项要求，工作取得明显成效，现将有关情况报告如下。\n", crate::document::test_grammar());
        assert_eq!(
            doc.title.as_ref().unwrap().text,
            "区政府办公室2023年度法治政府建设情况报告"
        );
        assert_eq!(doc.year(), Some(2023));
    }

    #[test]
    fn issuer_before_title_and_closing_at_end() {
        let text = "  城口县人民政府办公室\n\n2021年度法治政府建设工作情况报告\n\n一、2021年工作情况\n正文。\n\n城口县人民政府办公室\n2022年1月20日\n";
        let doc = Document::parse("t", text, crate::document::test_grammar());
        assert_eq!(doc.slice(doc.issuer.unwrap()), "城口县人民政府办公室");
        assert_eq!(doc.year(), Some(2021));
        assert_eq!(doc.slice(doc.closing.date.unwrap()), "2022年1月20日");
        assert_eq!(
            doc.slice(doc.closing.issuer.unwrap()),
            "城口县人民政府办公室"
        );
        assert_eq!(doc.headings.len(), 1);
        assert_eq!(doc.slice(doc.headings[0].section).trim(), "正文。");
    }

    #[test]
    fn sections_nest_by_level() {
        let text = "某县2022年度法治政府建设情况报告\n一、主要举措和成效\n（一）加强领导。正文一。\n1.学法。正文。\n（二）依法决策\n正文二。\n二、存在的不足和原因\n正文三。\n";
        let doc = Document::parse("t", text, crate::document::test_grammar());
        let levels: Vec<(u8, Option<usize>)> =
            doc.headings.iter().map(|h| (h.level, h.parent)).collect();
        assert_eq!(
            levels,
            [
                (1, None),
                (2, Some(0)),
                (3, Some(1)),
                (2, Some(0)),
                (1, None)
            ]
        );
        assert!(doc.slice(doc.headings[0].section).contains("正文二。"));
        assert!(!doc.slice(doc.headings[0].section).contains("正文三。"));
        assert_eq!(doc.slice(doc.headings[1].run_in.unwrap()), "正文一。");
    }

    #[test]
    fn enumeration_items_on_lines_of_their_own_are_not_headings() {
        let long = "县政府常务会议每次安排一部法律法规的学习，由起草或执行部门负责人讲解，全年学法10次，新任干部任前考试全部合格。";
        let text = format!("某县2019年度法治政府建设情况报告\n一、主要举措和成效\n（一）抓住关键少数。一是完善领导机制。\n{long}\n二是抓好学法用法。\n{long}\n");
        let doc = Document::parse("t", text, crate::document::test_grammar());
        assert_eq!(doc.headings.len(), 2, "{:?}", doc.headings);
    }

    #[test]
    fn document_site_page_numbers_are_residue_and_numbered_lists_are_not() {
        let page = "青禾区教育局2022年法治政府建设情况报告2022年，青禾区教育局坚持依法行政。现将2022年度法治政府建设情况报告如下。一、主要举措和成效（一）规范决策。全年审查重大事项14项，审查意见均被采纳，组织执法人员培训6期，抽查案卷120卷，整改问题23个，开展执法监督检查4次，对两个单位进行了约谈，落实行政执法三项制度，推进执法";
        let text = format!("《青禾区教育局2022年法治政府建设情况报告.docx》由会员分享，可在线阅读，更多相关请在某网站上搜索。\n1、{page}\n2、规范化建设。二、存在的不足和原因\n一是基层力量不足。究其原因，主要是编制偏紧。\n");
        let doc = Document::parse("t", text, crate::document::test_grammar());
        let residue: Vec<&str> = doc.residue.iter().map(|&s| doc.slice(s)).collect();
        assert_eq!(residue.len(), 3, "{residue:?}");
        assert_eq!(&residue[1..], ["1、", "2、"]);
        assert!(
            doc.headings.iter().all(|h| h.level < 3),
            "{:?}",
            doc.headings
        );
        assert_eq!(
            doc.title.as_ref().map(|t| t.text.as_str()),
            Some("青禾区教育局2022年法治政府建设情况报告")
        );
        // A numbered list of short sentences is a list of headings “1、”.
        let text = "某县2022年度法治政府建设情况报告\n一、主要举措和成效\n1、加强组织领导。\n县政府常务会议专题研究法治政府建设4次。\n2、规范行政决策。\n全年审查重大事项14项。\n";
        let doc = Document::parse("t", text.to_string(), crate::document::test_grammar());
        assert!(doc.residue.is_empty());
        assert_eq!(doc.headings.iter().filter(|h| h.level == 3).count(), 2);
    }

    #[test]
    fn bare_lines_become_unnumbered_headings() {
        let long = "认真落实党中央决策部署，建立学法制度，把学习贯彻习近平法治思想作为重要必修课程，通过专题学习研讨等方式认真学习。";
        let text = format!("某区2023年度法治政府建设情况报告\n一、主要举措和成效\n深入学习习近平法治思想。\n{long}\n（二）切实依法执政。\n{long}\n特此报告。\n");
        let doc = Document::parse("t", text, crate::document::test_grammar());
        let bare = &doc.headings[1];
        assert_eq!((bare.level, bare.number), (2, None));
        assert_eq!(doc.slice(bare.span), "深入学习习近平法治思想。");
        assert_eq!(doc.headings[2].number, Some(2));
        assert_eq!(doc.headings.len(), 3, "特此报告。 is not a heading");
    }

    #[test]
    fn web_residue_is_classified() {
        let text = "首页\n>专题专栏>法治政府建设\n\n某区关于2022年度法治政府建设情况的报告\n\n发布日期:2023-01-30 浏览次数:字体:[ ]\n\n    2022年以来，某区高度重视法治建设，现将有关情况报告如下。\n\n某区人民政府\n\n2023年1月19日\n\n【打印本页】【关闭窗口】\n";
        let doc = Document::parse("t", text, crate::document::test_grammar());
        assert_eq!(
            kinds(&doc),
            [
                (1, BlockKind::Residue),
                (2, BlockKind::Residue),
                (4, BlockKind::Title),
                (6, BlockKind::Residue),
                (8, BlockKind::Paragraph),
                (10, BlockKind::ClosingIssuer),
                (12, BlockKind::ClosingDate),
                (14, BlockKind::Residue),
            ]
        );
        assert_eq!(doc.year(), Some(2022));
    }

    #[test]
    fn a_date_under_the_title_is_not_part_of_it() {
        let doc = Document::parse("t", "关于2022年度法治政府建设情况的报告\r\n（2023年1月20日）\r\n\r\n县委、县政府：\r\n\t一、主要举措和成效\r\n正文。\r\n", crate::document::test_grammar());
        assert_eq!(
            doc.title.unwrap().text,
            "关于2022年度法治政府建设情况的报告"
        );
        assert_eq!(doc.headings[0].level, 1);
    }

    #[test]
    fn word_heading_styles_make_unnumbered_headings() {
        // The title in “标题 1”, the parts in “标题 2” without numbers, one
        // numbered sub-heading in “标题 3”.
        let text = "某县2022年度法治政府建设情况报告\n主要举措和成效\n（一）加强组织领导\n县政府常务会议专题研究法治政府建设工作4次。\n存在的不足和原因\n基层法治力量薄弱。\n";
        let outline = [Some(1), Some(2), Some(3), None, Some(2), None];
        let doc =
            Document::parse_with_outline("t.docx", text, &outline, crate::document::test_grammar());
        assert_eq!(doc.year(), Some(2022));
        let headings: Vec<(u8, Option<u32>, &str)> = doc
            .headings
            .iter()
            .map(|h| (h.level, h.number, doc.slice(h.span)))
            .collect();
        assert_eq!(
            headings,
            [
                (1, None, "主要举措和成效"),
                (2, Some(1), "（一）加强组织领导"),
                (1, None, "存在的不足和原因")
            ]
        );
        // Plain text keeps reading the same lines as prose.
        let plain = Document::parse("t.txt", text, crate::document::test_grammar());
        assert_eq!(plain.headings.len(), 1);
    }

    #[test]
    fn a_report_on_one_line_is_read_as_its_lines() {
        let body = "2023年，县政府全面推进依法行政，各项工作取得新成效，为全县经济社会发展提供了有力法治保障。".repeat(6);
        let text = format!("{body}一、加强组织领导，统筹推进法治建设。县政府研究法治工作4次，一、二季度各召开推进会1次。（一）健全机制。每季度调度一次。二、存在的不足和原因。执法力量薄弱。某县人民政府2024年2月6日");
        let doc = Document::parse("t", text.as_str(), crate::document::test_grammar());
        let headings: Vec<(u8, &str)> = doc
            .headings
            .iter()
            .map(|h| (h.level, doc.slice(h.span)))
            .collect();
        assert_eq!(
            headings,
            [
                (1, "一、加强组织领导，统筹推进法治建设。"),
                (2, "（一）健全机制。"),
                (1, "二、存在的不足和原因。")
            ]
        );
        assert!(doc.headings.iter().all(|h| h.line == 0));
        assert_eq!(doc.slice(doc.closing.issuer.unwrap()), "某县人民政府");
        assert_eq!(doc.slice(doc.closing.date.unwrap()), "2024年2月6日");
        assert!(doc.slice(doc.headings[0].section).contains("一、二季度"));
    }

    #[test]
    fn markers_inside_lines_of_a_text_with_line_breaks_are_prose() {
        let long = "县政府全面推进依法行政，各项工作取得新成效。".repeat(10);
        let text = format!("某县2023年度法治政府建设情况报告\n一、主要举措和成效\n{long}二、存在的不足。{long}\n{long}\n");
        let doc = Document::parse("t", text.as_str(), crate::document::test_grammar());
        assert_eq!(doc.headings.len(), 1);
    }

    #[test]
    fn a_report_without_numbered_headings_has_its_bold_lines_as_headings() {
        let long = "部党组先后召开会议专题学习，制定实施方案，举办专题培训班，推动学习贯彻走深走实，取得明显成效。";
        let text = format!("2022年，某部扎实推进法治政府建设，各项工作取得重要进展。\n统筹推进法治政府建设\n{long}\n");
        let doc = Document::parse("t", text.as_str(), crate::document::test_grammar());
        assert_eq!(doc.headings.len(), 1);
        assert_eq!(doc.headings[0].level, 1);
        assert_eq!(doc.slice(doc.headings[0].span), "统筹推进法治政府建设");
    }

    #[test]
    fn text_without_title_is_all_prose() {
        let doc = Document::parse(
            "t",
            "短句\n另一行没有标题的正文内容。\n",
            crate::document::test_grammar(),
        );
        assert!(doc.title.is_none());
        assert_eq!(doc.prose().count(), 2);
    }
}
