// Package droplog is a log writer that never blocks its caller and never
// fails: a server's log may be a pipe to a process that has exited (Ctrl-C
// on `serve 2>&1 | tee log` ends tee first), a pipe nobody reads (full), or
// a file. Lines are handed to one goroutine that writes them; when it
// cannot keep up, lines are dropped and counted, and the count is written
// when writing works again. The server keeps serving its viewers whatever
// happens to its log.
package droplog

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// Writer is an io.Writer for a logger. Make one with New; Close it before
// the process exits to flush what is queued.
type Writer struct {
	out     io.Writer
	lines   chan []byte
	dropped atomic.Int64 // dropped and not yet reported in the log
	total   atomic.Int64 // dropped since New
	failed  atomic.Int64 // lines whose write failed
	done    chan struct{}
	once    sync.Once
	mu      sync.RWMutex // Write vs Close (no send on a closed channel)
	closed  bool
}

// New writes to out through a queue of up to queue lines.
func New(out io.Writer, queue int) *Writer {
	w := &Writer{out: out, lines: make(chan []byte, max(queue, 1)), done: make(chan struct{})}
	go w.run()
	return w
}

// Write queues one log entry (a logger writes a whole entry per call). It
// always reports success: a log must never stop the server.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		w.drop()
		return len(p), nil
	}
	select {
	case w.lines <- append([]byte(nil), p...):
	default:
		w.drop()
	}
	return len(p), nil
}

func (w *Writer) drop() {
	w.dropped.Add(1)
	w.total.Add(1)
}

func (w *Writer) run() {
	defer close(w.done)
	for line := range w.lines {
		if n := w.dropped.Swap(0); n > 0 {
			if _, err := fmt.Fprintf(w.out, "(%d log lines dropped: the log was not being read)\n", n); err != nil {
				w.dropped.Add(n)
			}
		}
		if _, err := w.out.Write(line); err != nil {
			w.failed.Add(1)
		}
	}
}

// Dropped is the number of lines dropped since New, and the number whose
// write failed.
func (w *Writer) Dropped() (dropped, failed int64) { return w.total.Load(), w.failed.Load() }

// Close stops taking lines and waits up to timeout for the queued ones to
// be written (a pipe nobody reads would block forever).
func (w *Writer) Close(timeout time.Duration) {
	w.once.Do(func() {
		w.mu.Lock()
		w.closed = true
		close(w.lines)
		w.mu.Unlock()
	})
	select {
	case <-w.done:
	case <-time.After(timeout):
	}
}
