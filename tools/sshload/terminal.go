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
type scanner struct {
	ready   []byte
	found   bool // ready text seen
	answer  bool
	tail    []byte
	maxTail int
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
	if !s.found && len(s.ready) > 0 && bytes.Contains(buf, s.ready) {
		s.found = true
		readyNow = true
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
