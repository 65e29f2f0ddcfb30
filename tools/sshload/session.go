package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/crypto/ssh"
)

// chunk is one read from the session's stdout, stamped when Read returned.
type chunk struct {
	at time.Time
	n  int
}

// stream collects what the reader goroutine sees, for the goroutine that
// sends keys. A slice under a mutex, not a channel, so that a reader never
// blocks on a session that is waiting at the barrier.
type stream struct {
	mu      sync.Mutex
	pending []chunk
	total   int64
	err     error // set once the stream ended
	notify  chan struct{}
	readyAt time.Time
	ready   chan struct{}
	head    []byte // the first bytes of output, for error messages
}

func newStream() *stream {
	return &stream{notify: make(chan struct{}, 1), ready: make(chan struct{})}
}

func (s *stream) add(c chunk, data []byte, readyNow bool) {
	s.mu.Lock()
	s.pending = append(s.pending, c)
	s.total += int64(c.n)
	if len(s.head) < 2048 {
		s.head = append(s.head, data[:min(len(data), 2048-len(s.head))]...)
	}
	if readyNow {
		s.readyAt = c.at
		close(s.ready)
	}
	s.mu.Unlock()
	select {
	case s.notify <- struct{}{}:
	default:
	}
}

func (s *stream) end(err error) {
	s.mu.Lock()
	if s.err == nil {
		s.err = err
	}
	s.mu.Unlock()
	select {
	case s.notify <- struct{}{}:
	default:
	}
}

// take returns and forgets the chunks seen so far, and the stream's error.
func (s *stream) take() ([]chunk, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pending
	s.pending = nil
	return p, s.err
}

func (s *stream) headText() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return printable(s.head, 200)
}

// printable keeps the visible text of terminal output for an error message.
func printable(b []byte, limit int) string {
	var sb strings.Builder
	esc := false
	for _, r := range string(b) {
		switch {
		case esc:
			if (r >= '@' && r <= '~' && r != '[' && r != ']') || r == '\a' {
				esc = false
			}
		case r == 0x1b:
			esc = true
		case r == '\r' || r == '\n' || r == '\t':
			sb.WriteByte(' ')
		case r >= 0x20:
			sb.WriteRune(r)
		}
		if sb.Len() >= limit {
			break
		}
	}
	return strings.Join(strings.Fields(sb.String()), " ")
}

// burst is the server's answer to one key.
type burst struct {
	key   string
	sent  time.Time
	first time.Duration // key sent -> first byte
	last  time.Duration // key sent -> last byte before a quiet gap
	bytes int64
}

// sessionResult is everything one session measured.
type sessionResult struct {
	ID        int
	Err       error
	Phase     string        // where it failed
	Handshake time.Duration // dial start -> SSH connection established
	FirstByte time.Duration // dial start -> first output byte
	Ready     time.Duration // dial start -> ready text seen
	Repaints  []burst
	Moves     []burst
	NoReply   int // keys that got no byte within KeyWait
	Stray     int64
	IdleBytes int64 // bytes during the warmup
	IdleFor   time.Duration
	KeysFrom  time.Time
	KeysTo    time.Time
}

// session is one SSH connection with one PTY shell.
type session struct {
	cfg    *Config
	id     int
	client *ssh.Client
	sess   *ssh.Session
	stdin  io.Writer
	inMu   sync.Mutex // the reader's query replies and the key sender share stdin
	out    *stream
	res    sessionResult

	rounds []chan struct{} // burst mode: round r starts when rounds[r] closes
	ack    func()          // burst mode: this session is done with a round
}

func (s *session) write(p string) error {
	s.inMu.Lock()
	defer s.inMu.Unlock()
	_, err := io.WriteString(s.stdin, p)
	return err
}

func (s *session) fail(phase string, err error) {
	if s.res.Err == nil {
		s.res.Err = err
		s.res.Phase = phase
	}
}

// connect dials, opens a PTY shell and waits for the ready text.
func (s *session) connect(ctx context.Context, addr string, auth []ssh.AuthMethod) bool {
	start := time.Now()
	d := net.Dialer{Timeout: s.cfg.Timeout, LocalAddr: s.cfg.sourceIP(s.id)}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		s.fail("dial", err)
		return false
	}
	// The handshake has no context; closing the socket is what stops it.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	cc, chans, reqs, err := ssh.NewClientConn(conn, addr, &ssh.ClientConfig{
		User: s.cfg.User,
		Auth: auth,
		// Loopback only (checked in validate): there is no host to trust.
		HostKeyCallback: ssh.InsecureIgnoreHostKey(),
	})
	if err != nil {
		conn.Close()
		if errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) {
			err = fmt.Errorf("%w (closed before the handshake: the server may refuse this address for now, e.g. a per-IP rate limit or a session cap; try --ramp or --source-ips)", err)
		}
		s.fail("handshake", err)
		return false
	}
	s.client = ssh.NewClient(cc, chans, reqs)
	s.res.Handshake = time.Since(start)

	s.sess, err = s.client.NewSession()
	if err != nil {
		s.fail("session", err)
		return false
	}
	modes := ssh.TerminalModes{ssh.ECHO: 0, ssh.TTY_OP_ISPEED: 38400, ssh.TTY_OP_OSPEED: 38400}
	if err := s.sess.RequestPty(s.cfg.Term, s.cfg.Height, s.cfg.Width, modes); err != nil {
		s.fail("pty", err)
		return false
	}
	stdin, err := s.sess.StdinPipe()
	if err != nil {
		s.fail("stdin", err)
		return false
	}
	s.stdin = stdin
	stdout, err := s.sess.StdoutPipe()
	if err != nil {
		s.fail("stdout", err)
		return false
	}
	stderr, err := s.sess.StderrPipe()
	if err != nil {
		s.fail("stderr", err)
		return false
	}
	s.out = newStream()
	go s.read(stdout)
	go io.Copy(io.Discard, stderr) //nolint:errcheck // only drained
	if err := s.sess.Shell(); err != nil {
		s.fail("shell", err)
		return false
	}

	for {
		select {
		case <-s.out.ready:
			s.res.Ready = s.out.readyAt.Sub(start)
			return true
		case <-s.out.notify:
			chunks, err := s.out.take()
			if s.res.FirstByte == 0 && len(chunks) > 0 {
				s.res.FirstByte = chunks[0].at.Sub(start)
			}
			if err != nil {
				select {
				case <-s.out.ready: // the ready text came with the last bytes
					continue
				default:
				}
				s.fail("ready", fmt.Errorf("output ended before %q appeared (%v); output: %q",
					s.cfg.Ready, err, s.out.headText()))
				return false
			}
		case <-ctx.Done():
			s.fail("ready", fmt.Errorf("%q not seen before the timeout; output: %q",
				s.cfg.Ready, s.out.headText()))
			return false
		}
	}
}

// read drains stdout for the whole session: a PTY that is not read would
// stall the server's writes and so the measurement.
func (s *session) read(r io.Reader) {
	sc := newScanner(s.cfg.Ready, s.cfg.AnswerQueries)
	var dump *os.File
	if s.id == 0 && s.cfg.Dump != "" {
		f, err := os.Create(s.cfg.Dump)
		if err == nil {
			dump = f
			defer f.Close()
		}
	}
	buf := make([]byte, 32*1024)
	for {
		n, err := r.Read(buf)
		if n > 0 && dump != nil {
			_, _ = dump.Write(buf[:n])
		}
		if n > 0 {
			at := time.Now()
			readyNow, replies := sc.feed(buf[:n])
			if len(replies) > 0 {
				_ = s.write(string(replies))
			}
			s.out.add(chunk{at, n}, buf[:n], readyNow)
		}
		if err != nil {
			if err == io.EOF {
				err = errors.New("EOF")
			}
			s.out.end(err)
			return
		}
	}
}

// drain forgets output that arrived outside a measurement and counts it.
func (s *session) drain() error {
	chunks, err := s.out.take()
	for _, c := range chunks {
		s.res.Stray += int64(c.n)
	}
	return err
}

// press sends one key and measures the burst of output it causes: the first
// byte after the key, then every byte until no byte came for cfg.Quiet.
// ok is false when no byte came within cfg.KeyWait.
func (s *session) press(ctx context.Context, key string) (b burst, ok bool, err error) {
	if err := s.drain(); err != nil {
		return b, false, fmt.Errorf("output ended: %w", err)
	}
	sent := time.Now()
	if err := s.write(key); err != nil {
		b.key, b.sent = key, sent
		return b, false, fmt.Errorf("send key: %w", err)
	}
	b, ok, err = s.await(ctx, sent)
	b.key, b.sent = key, sent
	return b, ok, err
}

func (s *session) close() {
	if s.sess != nil {
		s.sess.Close()
	}
	if s.client != nil {
		s.client.Close()
	}
}
