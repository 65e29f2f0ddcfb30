package main

import (
	"bytes"
	"sort"
)

// A real terminal answers two queries that wish's MakeRenderer sends before
// the first frame: OSC 11 (background colour) and DA1. Without answers the
// server waits for its query timeout (1-2 s) before drawing, which would put
// that timeout, not the server, into the time to first frame.
var queryReplies = []struct{ query, reply string }{
	{"\x1b]11;?\x07", "\x1b]11;rgb:0000/0000/0000\x07"},
	{"\x1b]11;?\x1b\\", "\x1b]11;rgb:0000/0000/0000\x1b\\"},
	{"\x1b[c", "\x1b[?62;22c"},
	{"\x1b[0c", "\x1b[?62;22c"},
}

// scanner looks for the ready text and the terminal queries in an output
// stream that arrives in arbitrary chunks. It keeps a short tail of the
// previous chunk so that a match split across two reads is still found, and
// it never reports the same match twice.
//
// The ready text is looked for in the visible text, escape sequences
// removed: lipgloss styles some text rune by rune (an underlined tab label
// arrives as "\x1b[1;4mO\x1b[0m\x1b[1;4mv\x1b[0m...").
type scanner struct {
	ready   []byte
	found   bool // ready text seen
	answer  bool
	tail    []byte // raw bytes, for the queries
	maxTail int
	vis     []byte // visible bytes, for the ready text
	esc     escState
}

type escState int

const (
	escNone      escState = iota
	escStart              // after ESC
	escCSI                // ESC [ ... final byte
	escString             // ESC ] / P / _ / ^ ... BEL or ESC \
	escStringEsc          // ESC inside a string: maybe its terminator
)

// visible appends the bytes of chunk that a terminal would print.
func (s *scanner) visible(chunk []byte) {
	for _, c := range chunk {
		switch s.esc {
		case escNone:
			switch {
			case c == 0x1b:
				s.esc = escStart
			case c == '\n' || c == '\r':
				s.vis = append(s.vis, '\n')
			case c >= 0x20 && c != 0x7f:
				s.vis = append(s.vis, c)
			}
		case escStart:
			switch c {
			case '[':
				s.esc = escCSI
			case ']', 'P', '_', '^', 'X':
				s.esc = escString
			default:
				s.esc = escNone
			}
		case escCSI:
			if c >= 0x40 && c <= 0x7e {
				s.esc = escNone
			}
		case escString:
			switch c {
			case 0x07:
				s.esc = escNone
			case 0x1b:
				s.esc = escStringEsc
			}
		case escStringEsc:
			if c == '\\' {
				s.esc = escNone
			} else {
				s.esc = escString
			}
		}
	}
}

func newScanner(ready string, answer bool) *scanner {
	m := len(ready)
	for _, q := range queryReplies {
		m = max(m, len(q.query))
	}
	return &scanner{ready: []byte(ready), answer: answer, maxTail: m - 1}
}

// feed scans one chunk. It returns whether the ready text was seen for the
// first time in this chunk, and the replies to write back, in stream order.
func (s *scanner) feed(chunk []byte) (readyNow bool, replies []byte) {
	buf := append(append([]byte(nil), s.tail...), chunk...)
	old := len(s.tail)
	if !s.found {
		s.visible(chunk)
		if bytes.Contains(s.vis, s.ready) {
			s.found = true
			readyNow = true
			s.vis = nil
		} else if keep := len(s.ready) - 1; len(s.vis) > keep {
			s.vis = append(s.vis[:0], s.vis[len(s.vis)-keep:]...)
		}
	}
	if s.answer {
		type hit struct {
			at    int
			reply string
		}
		var hits []hit
		for _, q := range queryReplies {
			for off := 0; ; {
				i := bytes.Index(buf[off:], []byte(q.query))
				if i < 0 {
					break
				}
				at := off + i
				// A match that ended inside the old tail was answered already.
				if at+len(q.query) > old {
					hits = append(hits, hit{at, q.reply})
				}
				off = at + 1
			}
		}
		sort.Slice(hits, func(a, b int) bool { return hits[a].at < hits[b].at })
		for _, h := range hits {
			replies = append(replies, h.reply...)
		}
	}
	if n := len(buf); n > s.maxTail {
		buf = buf[n-s.maxTail:]
	}
	s.tail = append(s.tail[:0], buf...)
	return readyNow, replies
}
