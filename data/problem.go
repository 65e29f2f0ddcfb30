package data

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Problem is one thing wrong with a data file, at a position.
type Problem struct {
	File      string
	Line, Col int // 1-based; Col counts characters, not bytes
	Path      string
	Msg       string
}

// String is the form "FILE:LINE:COL: JSON.PATH: message".
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	b.WriteByte(':')
	b.WriteString(strconv.Itoa(p.Line))
	b.WriteByte(':')
	b.WriteString(strconv.Itoa(p.Col))
	b.WriteString(": ")
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Errors is every problem found while loading, in file order.
type Errors []Problem

// Error is one problem a line.
func (e Errors) Error() string {
	var b strings.Builder
	for i, p := range e {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// maxProblems bounds the report for a badly broken file: past it only a
// count is kept, so that a 100 MB file of mistakes cannot flood memory.
const maxProblems = 1000

// problem is a Problem before its position is turned into line and column.
// When refFile >= 0 the message is msg + "FILE:LINE:COL" of the reference
// position + msgTail (used for "first defined at ...").
type problem struct {
	file    int
	off     int
	path    string
	msg     string
	refFile int
	refOff  int
	msgTail string
	seq     int
}

// position converts byte offsets of one file into line and column.
type lineCol struct{ line, col int }

// resolvePositions computes line and column for the given sorted offsets in
// one pass over buf, so that even a one-line 100 MB file with many problems
// costs one scan.
func resolvePositions(buf []byte, offs []int) map[int]lineCol {
	out := make(map[int]lineCol, len(offs))
	line, pos := 1, 0
	colPos, col := 0, 1 // column col is at byte colPos, on the current line
	for _, off := range offs {
		if off > len(buf) {
			off = len(buf)
		}
		for {
			i := bytes.IndexByte(buf[pos:off], '\n')
			if i < 0 {
				break
			}
			line++
			pos += i + 1
			colPos, col = pos, 1
		}
		pos = off
		col += utf8.RuneCount(buf[colPos:off])
		colPos = off
		out[off] = lineCol{line, col}
	}
	return out
}

// finishProblems turns the collected problems into Errors, sorted by file
// and position.
func finishProblems(ps []problem, names []string, bufs [][]byte, dropped int) Errors {
	if len(ps) == 0 {
		return nil
	}
	// Offsets needed per file.
	need := make([][]int, len(names))
	for _, p := range ps {
		need[p.file] = append(need[p.file], p.off)
		if p.refFile >= 0 {
			need[p.refFile] = append(need[p.refFile], p.refOff)
		}
	}
	pos := make([]map[int]lineCol, len(names))
	for f, offs := range need {
		if len(offs) == 0 {
			continue
		}
		sort.Ints(offs)
		pos[f] = resolvePositions(bufs[f], offs)
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].file != ps[j].file {
			return ps[i].file < ps[j].file
		}
		if ps[i].off != ps[j].off {
			return ps[i].off < ps[j].off
		}
		return ps[i].seq < ps[j].seq
	})
	errs := make(Errors, 0, len(ps)+1)
	for _, p := range ps {
		lc := pos[p.file][p.off]
		msg := p.msg
		if p.refFile >= 0 {
			rc := pos[p.refFile][p.refOff]
			msg = msg + names[p.refFile] + ":" + strconv.Itoa(rc.line) + ":" + strconv.Itoa(rc.col) + p.msgTail
		}
		path := p.path
		if path == "" {
			path = "$"
		}
		errs = append(errs, Problem{File: names[p.file], Line: lc.line, Col: lc.col, Path: path, Msg: msg})
	}
	if dropped > 0 {
		last := errs[len(errs)-1]
		errs = append(errs, Problem{File: last.File, Line: last.Line, Col: last.Col, Path: "$",
			Msg: strconv.Itoa(dropped) + " more problems not shown; fix the ones above first"})
	}
	return errs
}
