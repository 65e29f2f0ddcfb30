package ui

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// txt picks a language from a data text (data.Text.Get: the language,
// then English, then the plain string, then any).
func txt(t data.Text, lang string) string { return t.Get(lang) }

// txtOr is txt, or def when the text is empty in every language.
func txtOr(t data.Text, lang, def string) string {
	if s := t.Get(lang); s != "" {
		return s
	}
	return def
}

// fit makes s exactly w cells wide: truncated with an ellipsis, or padded.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := strWidth(s)
	if sw == w {
		return s
	}
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = strWidth(s)
	}
	if sw >= w {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + w - sw)
	b.WriteString(s)
	writeSpaces(&b, w-sw)
	return b.String()
}

// writeFit writes fit(s, w) to b.
func writeFit(b *strings.Builder, s string, w int) {
	if w <= 0 {
		return
	}
	sw := strWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = strWidth(s)
	}
	b.WriteString(s)
	writeSpaces(b, w-sw)
}

const spaces64 = "                                                                "

// writeSpaces writes n spaces (none if n <= 0) without allocating.
func writeSpaces(b *strings.Builder, n int) {
	for n > 0 {
		k := min(n, len(spaces64))
		b.WriteString(spaces64[:k])
		n -= k
	}
}

// fitRight right-aligns s in w cells.
func fitRight(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := strWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, "…")
	}
	return strings.Repeat(" ", w-sw) + s
}

// frame makes a block of exactly w x h cells from s.
func frame(s string, w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	var b strings.Builder
	// each line grows by at most its padding: no regrowth
	b.Grow(min(len(s), 16*(w+1)*h) + (w+1)*h)
	rest, more := s, true
	for i := 0; i < h; i++ {
		if i > 0 {
			b.WriteByte('\n')
		}
		if more {
			var line string
			line, rest, more = strings.Cut(rest, "\n")
			writeFit(&b, line, w)
		} else {
			writeSpaces(&b, w)
		}
	}
	return b.String()
}

// lines splits a block into exactly h lines of width w (see frame).
func blockLines(s string, w, h int) []string {
	return strings.Split(frame(s, w, h), "\n")
}

// hjoin puts blocks side by side; each block is fitted to its width and to h lines.
func hjoin(h int, blocks []string, widths []int) string {
	cols := make([][]string, len(blocks))
	for i, b := range blocks {
		cols[i] = blockLines(b, widths[i], h)
	}
	n := h
	for _, c := range cols {
		for _, l := range c {
			n += len(l)
		}
	}
	var sb strings.Builder
	sb.Grow(n)
	for y := 0; y < h; y++ {
		if y > 0 {
			sb.WriteByte('\n')
		}
		for i := range cols {
			sb.WriteString(cols[i][y])
		}
	}
	return sb.String()
}

// progressBar draws frac (0..1, clamped) as w cells.
func (s *styles) progressBar(frac float64, w int) string {
	if w <= 0 {
		return ""
	}
	frac = clampF(frac, 0, 1)
	full := int(math.Round(frac * float64(w)))
	fill, empty := "█", "░"
	if s.mono {
		fill, empty = "#", "-"
	}
	return s.BarFill.Render(strings.Repeat(fill, full)) + s.BarEmpty.Render(strings.Repeat(empty, w-full))
}

// wrap breaks plain text into lines of at most w cells on word boundaries.
func wrap(s string, w int) []string {
	if w < 1 {
		w = 1
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			for strWidth(word) > w { // a word longer than the line
				if line != "" {
					out = append(out, line)
					line = ""
				}
				head := ansi.Truncate(word, w, "")
				if head == "" { // a wide rune in a 1-cell line
					_, n := utf8.DecodeRuneInString(word)
					head = word[:n]
				}
				out = append(out, head)
				word = word[len(head):]
			}
			switch {
			case line == "":
				line = word
			case strWidth(line)+1+strWidth(word) <= w:
				line += " " + word
			default:
				out = append(out, line)
				line = word
			}
		}
		out = append(out, line)
	}
	return out
}

// selMark starts a list line: a pointer on the selected line, so that the
// selection shows without colour too.
func selMark(sel bool) string {
	if sel {
		return "›"
	}
	return " "
}

// strWidth is ansi.StringWidth with a fast path for the text this UI
// draws (Latin, Cyrillic, punctuation, arrows, box drawing, blocks,
// geometric shapes, braille and CSI sequences): one cell per rune. Anything
// else goes to ansi.StringWidth. Frames are fitted line by line, so this is
// the hottest function of a frame.
func strWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			n++
			i++
			continue
		}
		if c == 0x1b {
			if i+1 < len(s) && s[i+1] == '[' {
				j := i + 2
				for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
					j++
				}
				if j < len(s) {
					i = j + 1
					continue
				}
			}
			return ansi.StringWidth(s)
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !oneCell(r) {
			return ansi.StringWidth(s)
		}
		n++
		i += size
	}
	return n
}

func oneCell(r rune) bool {
	switch {
	case r >= 0xa0 && r < 0x300:
		return r != 0xad
	case r >= 0x370 && r < 0x483, r >= 0x48a && r < 0x530:
		return true
	case r >= 0x2010 && r <= 0x2027, r >= 0x2190 && r <= 0x21ff:
		return true
	case r >= 0x2500 && r <= 0x25fc, r >= 0x2800 && r <= 0x28ff: // 25FD/25FE are wide
		return true
	}
	return false
}

// splitNote parts a point's note into the phrase quoted from the source
// and the editor's remark after it: `"quoted" — remark` gives both, a
// note that does not open with a quote mark is all remark.
func splitNote(note string) (quote, remark string) {
	s := strings.TrimSpace(note)
	open, close := "", ""
	for _, q := range [][2]string{{`"`, `"`}, {"“", "”"}, {"«", "»"}} {
		if strings.HasPrefix(s, q[0]) {
			open, close = q[0], q[1]
			break
		}
	}
	if open == "" {
		return "", s
	}
	body := s[len(open):]
	// The quote ends at the closing mark that is followed by the end or by
	// the dash before the remark.
	if i := strings.Index(body, close+" — "); i >= 0 {
		return body[:i], strings.TrimSpace(body[i+len(close)+len(" — "):])
	}
	if strings.HasSuffix(body, close) {
		return strings.TrimSuffix(body, close), ""
	}
	return "", s
}

// quoteNote is a note as the screen shows it: the quoted phrase in
// quotation marks (once), then the remark after a dash.
func quoteNote(note string) (quoted, remark string) {
	q, r := splitNote(note)
	if q != "" {
		q = "“" + q + "”"
	}
	if r != "" && q != "" {
		r = "— " + r
	}
	return q, r
}
