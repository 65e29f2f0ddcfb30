package serve

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	wishrecover "github.com/charmbracelet/wish/recover"
	gossh "golang.org/x/crypto/ssh"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui"
	"github.com/eaeu-dash/eaeu-dash/ui/snapshot"
)

// middlewares is the chain every session goes through, in the order
// wish.WithMiddleware wants (the last one runs first).
func (s *Server) middlewares() []wish.Middleware {
	return []wish.Middleware{
		s.recovering(
			s.dashboard,       // admission, then the program
			s.requireTerminal, // instead of wish/activeterm (doc.go)
			s.refuseCommands,
		),
	}
}

// recovering runs mws under wish's recover middleware: a panic in one
// session is logged with its stack and ends that session only. recover
// alone would then let the SSH library send exit status 0 without a word,
// so the viewer is told and the status is 1. (Panics inside the program,
// in Update, View and commands, never reach here: Bubble Tea recovers them
// itself and prints to the server's stdout, so safeModel catches them
// first.)
func (s *Server) recovering(mws ...wish.Middleware) wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			finished := false
			mark := func(next ssh.Handler) ssh.Handler {
				return func(sess ssh.Session) { next(sess); finished = true }
			}
			chain := append(mws[:len(mws):len(mws)], mark)
			h := wishrecover.MiddlewareWithLogger(panicLog{s.sessionLog(sess)}, chain...)(func(sess ssh.Session) {
				if !finished {
					fmt.Fprintln(sess, wordsFor(s.sessionLang(sess.Environ())).failed)
					_ = sess.Exit(1)
				}
				next(sess)
			})
			h(sess)
		}
	}
}

// panicLog turns recover's Printf("panic: %v\n%s", value, stack) into a
// structured entry.
type panicLog struct{ log sessLog }

func (p panicLog) Printf(format string, v ...any) {
	if len(v) == 2 {
		p.log.Error("session panicked", "panic", v[0], "stack", v[1])
		return
	}
	p.log.Error("session panicked", "panic", fmt.Sprintf(format, v...))
}

// sessionLog is the server's logger with the session's address, user and
// key fingerprint.
func (s *Server) sessionLog(sess ssh.Session) sessLog {
	fields := []any{"remote", sess.RemoteAddr().String(), "user", sess.User()}
	if k := sess.PublicKey(); k != nil {
		fields = append(fields, "key", gossh.FingerprintSHA256(k))
	}
	return sessLog{l: s.log, fields: fields}
}

// sessLog logs with the session's fields first, as log.With would; but
// log.With copies the logger and its styles (kilobytes per session, kept
// for the whole session), this keeps only the fields.
type sessLog struct {
	l      *log.Logger
	fields []any
}

func (s sessLog) with(kv []any) []any {
	return append(append(make([]any, 0, len(s.fields)+len(kv)), s.fields...), kv...)
}

func (s sessLog) Info(msg string, kv ...any)  { s.l.Info(msg, s.with(kv)...) }
func (s sessLog) Warn(msg string, kv ...any)  { s.l.Warn(msg, s.with(kv)...) }
func (s sessLog) Error(msg string, kv ...any) { s.l.Error(msg, s.with(kv)...) }

// refuseCommands answers "ssh host CMD" with a message: only the
// dashboard is served.
func (s *Server) refuseCommands(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if sess.RawCommand() == "" {
			next(sess)
			return
		}
		// The command itself is not logged: it may hold anything.
		s.sessionLog(sess).Info("command refused", "bytes", len(sess.RawCommand()))
		fmt.Fprintln(sess.Stderr(), wordsFor(s.sessionLang(sess.Environ())).noCommand)
		_ = sess.Exit(1)
	}
}

// requireTerminal closes a session without a PTY with a message that says
// what to do (wish/activeterm prints "Requires an active PTY" on stdout
// and logs nothing).
func (s *Server) requireTerminal(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if _, _, ok := sess.Pty(); ok {
			next(sess)
			return
		}
		s.sessionLog(sess).Info("session refused: no terminal")
		fmt.Fprintln(sess.Stderr(), wordsFor(s.sessionLang(sess.Environ())).noPTY)
		_ = sess.Exit(1)
	}
}

// dashboard serves one SSH session that has a terminal and no command:
// admission (shutting down, full), then the program.
func (s *Server) dashboard(ssh.Handler) ssh.Handler { return s.handle }

func (s *Server) handle(sess ssh.Session) {
	start := time.Now()
	logger := s.sessionLog(sess)
	pty, winch, _ := sess.Pty()

	ses := &session{box: newMailbox(), w: wordsFor(s.sessionLang(sess.Environ()))}
	s.mu.Lock()
	switch {
	case s.closing:
		s.mu.Unlock()
		fmt.Fprintln(sess, ses.w.ended)
		_ = sess.Exit(1)
		return
	case len(s.sessions) >= s.cfg.MaxSessions:
		n := len(s.sessions)
		s.mu.Unlock()
		logger.Warn("session refused: full", "sessions", n)
		fmt.Fprintf(sess, ses.w.full+"\n", n)
		_ = sess.Exit(1)
		return
	}
	s.sessions[ses] = struct{}{}
	ds, story, banner := s.ds, s.story, s.banner
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.sessions, ses)
		s.mu.Unlock()
	}()

	name := sess.User()
	presenter := false
	if k, ok := s.presenters.lookup(sess.PublicKey()); ok {
		presenter = true
		if k.comment != "" {
			name = k.comment
		}
	}
	name = displayName(name)
	if presenter {
		s.mu.Lock()
		ses.presenter = true
		s.mu.Unlock()
		if banner != "" {
			ses.box.put(slotBanner, ui.BannerMsg{Text: banner})
		}
	}
	auth := "open"
	if sess.PublicKey() != nil {
		auth = "publickey"
	}
	logger.Info("session start", "auth", auth, "term", pty.Term, "width", pty.Window.Width, "height", pty.Window.Height, "presenter", presenter)

	s.runProgram(sess, pty, winch, ses, ds, story, &member{name: name, presenter: presenter, box: ses.box}, logger)

	reason := ses.getReason()
	if reason != "" {
		fmt.Fprintln(sess, reason)
	}
	// Exit here rather than after return, so that a shutdown that sees no
	// session left knows every exit status is sent.
	code := 0
	if ses.failed.Load() {
		code = 1
	}
	_ = sess.Exit(code)
	logger.Info("session end", "duration", time.Since(start).Round(time.Millisecond), "reason", reason)
}

// runProgram runs the dashboard of one session until it quits, the client
// goes away, or the server shuts down.
func (s *Server) runProgram(sess ssh.Session, pty ssh.Pty, winch <-chan ssh.Window, ses *session, ds *data.Dataset, story *data.Story, m *member, logger sessLog) {
	in := newInputPump()
	go in.run(sess)
	defer in.close()

	dark := true
	if pty.Term != "" && pty.Term != "dumb" {
		dark = queryDarkBackground(sess, in, s.queryTimeout)
	}
	renderer := newSessionRenderer(sess, pty, dark)

	ctx, cancel := context.WithCancel(s.appCtx)
	defer cancel()
	stopWithConn := context.AfterFunc(sess.Context(), cancel)
	defer stopWithConn()

	m.lastInput = in.lastInputTime
	lang := ses.w.lang
	// ASCII only for a client whose TERM or LANG says it cannot show more
	// (ui.GlyphsASCII); such a terminal cannot show Cyrillic either.
	ascii, _ := ui.GlyphsASCII("auto", sshEnviron(append(sess.Environ(), "TERM="+pty.Term)).Getenv, false)
	if ascii {
		lang = "en"
	}
	opts := ui.Options{
		Renderer: renderer,
		Frames:   s.frames,
		Lang:     lang,
		ASCII:    ascii,
		// Idleness is the session loop's: it counts the presenter's
		// activity for those who follow.
		OnState:  func(st ui.State) { s.hub.publish(m, st) },
		OnFollow: func(f bool) { s.hub.setFollowing(m, f) },
		Story:    story,
		Tour:     s.cfg.Tour,
	}
	if m.presenter && s.cfg.SnapshotDir != "" {
		// Only a presenter, only where the operator said: nothing a
		// viewer sends may write a file on the server.
		dir, title := s.cfg.SnapshotDir, "eaeu-dash"
		opts.Snapshot = func(frame string) (string, error) {
			where, err := snapshot.Save(dir, time.Now(), frame, snapshot.Options{Dark: dark, Title: title})
			if err != nil {
				logger.Error("snapshot failed", "err", err)
			} else {
				logger.Info("snapshot saved", "path", where)
			}
			return where, err
		}
	}
	if st, ok := s.hub.start(); ok {
		opts.Start = &st
	}
	// A panic in here is recovered by s.recovering.
	inner := s.newModel(ds, opts)
	var initial ui.State
	if sm, ok := inner.(interface{ State() ui.State }); ok {
		initial = sm.State()
	}
	safe := &safeModel{inner: inner}
	// The frames go to our screen, not to Bubble Tea's renderer (screen.go,
	// doc.go). It sets the alternate screen and mouse modes with the first
	// frame, and gives the terminal back on every way out of this function,
	// before handle prints the reason on the main screen.
	scr := newScreen(sess, min(pty.Window.Width, maxCols), min(pty.Window.Height, maxRows))
	defer scr.restore()
	p := tea.NewProgram(&screenModel{inner: safe, scr: scr},
		tea.WithInput(in),
		tea.WithOutput(sess), // unused without a renderer, but never the server's stdout
		tea.WithContext(ctx),
		tea.WithoutSignalHandler(),
		tea.WithoutRenderer(),
		tea.WithFilter(dropEmptyResize),
	)
	safe.onPanic = func(r any, stack []byte) {
		logger.Error("session panicked", "panic", r, "stack", string(stack))
		ses.fail()
	}
	safe.quit = func() { go p.Quit() }

	s.hub.join(m, initial)
	defer s.hub.leave(m)

	loopDone := make(chan struct{})
	conn, _ := sess.Context().Value(ssh.ContextKeyConn).(gossh.Conn)
	go func() { defer close(loopDone); s.sessionLoop(ctx, winch, in, ses, m, conn, p, logger) }()

	_, err := p.Run()
	cancel()
	<-loopDone
	switch {
	case err == nil, errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, tea.ErrProgramPanic):
	default:
		logger.Error("program ended with an error", "err", err)
		if errors.Is(err, tea.ErrProgramPanic) {
			ses.fail()
		}
	}
}

// The largest window a session is drawn for (a 4K screen with a small font
// is about 400x120).
const maxCols, maxRows = 1000, 500

// dropEmptyResize filters the 0x0 sizes some clients send (a window
// change can arrive before the first size).
func dropEmptyResize(_ tea.Model, msg tea.Msg) tea.Msg {
	if w, ok := msg.(tea.WindowSizeMsg); ok && (w.Width <= 0 || w.Height <= 0) {
		return nil
	}
	return msg
}

// sessionLoop is the one goroutine a session has besides its program's
// own (goroutine stacks are a good part of the memory of a session). It
//
//   - delivers the presenter hub's mailbox to the program;
//   - forwards window changes, clamped to maxCols x maxRows; when the
//     session's channel closes while the connection stays open, the window
//     channel is closed and the program quits instead of reading zero sizes
//     forever (wish v1.4.7's middleware reads the closed channel without an
//     ok check and floods the program with 0x0 sizes);
//   - ends the program when the client's input ends;
//   - ends the session after the idle timeout and at its time limit, with
//     a countdown countdownLead before (watch). Idle means abandoned, not
//     quiet: while a viewer follows a connected presenter, the presenter's
//     input counts as the viewer's. The viewer is told why, and the
//     program is forced out quitGrace later if it has not quit by then;
//   - asks the client every Keepalive whether it is still there and closes
//     the connection after 3 asks without an answer (a NAT that dropped
//     the link, a laptop asleep), freeing its slot.
//
// It returns when ctx is done (runProgram cancels it when Run returns).
// p.Send returns when the program has ended, so the loop never hangs on a
// program that is gone.
func (s *Server) sessionLoop(ctx context.Context, winch <-chan ssh.Window, in *inputPump, ses *session, m *member, conn gossh.Conn, p *tea.Program, logger sessLog) {
	w := newEndWatch(s.cfg.IdleTimeout, s.cfg.MaxSession, s.countdownLead, time.Now())
	var tickC <-chan time.Time
	if tick := w.tick(); tick > 0 {
		t := time.NewTicker(tick)
		defer t.Stop()
		tickC = t.C
	}
	var keepC <-chan time.Time
	var alive keepalive
	if s.cfg.Keepalive > 0 && conn != nil {
		t := time.NewTicker(s.cfg.Keepalive)
		defer t.Stop()
		keepC = t.C
	}
	var grace *time.Timer
	var graceC <-chan time.Time
	defer func() {
		if grace != nil {
			grace.Stop()
		}
	}()
	end := func(reason string) {
		ses.setReason(reason)
		ses.box.put(slotShutdown, ui.ShutdownMsg{Text: reason})
		tickC = nil
		grace = time.NewTimer(s.quitGrace)
		graceC = grace.C
	}
	eof := in.eof
	for {
		select {
		case <-ctx.Done():
			return
		case <-ses.box.wake:
			ses.box.deliver(p.Send)
		case win, ok := <-winch:
			if !ok {
				winch = nil
				p.Quit()
				continue
			}
			// A client can claim any size; the frame is built at that size.
			p.Send(tea.WindowSizeMsg{Width: min(win.Width, maxCols), Height: min(win.Height, maxRows)})
		case <-eof:
			eof = nil
			p.Quit()
		case now := <-tickC:
			last := in.lastInputTime()
			if t := s.hub.followActivity(m); t.After(last) {
				last = t
			}
			switch act := w.check(now, last); act.kind {
			case watchEndIdle:
				end(ses.w.idleFor(s.cfg.IdleTimeout))
			case watchEndLimit:
				end(ses.w.limitOf(s.cfg.MaxSession))
			case watchWarn:
				ses.box.put(slotCountdown, act.countdown)
			}
		case <-keepC:
			if alive.missed() >= keepaliveMisses {
				logger.Warn("no answer to keepalives; closing the connection", "reason", "keepalive", "asked", keepaliveMisses)
				ses.setReason(ses.w.keepalive)
				keepC = nil
				_ = conn.Close()
				p.Quit()
				continue
			}
			alive.ask(conn)
		case <-graceC:
			graceC = nil
			p.Quit()
		}
	}
}

// keepaliveMisses is how many keepalive intervals may pass without an
// answer (OpenSSH's ClientAliveCountMax default).
const keepaliveMisses = 3

// keepalive asks the client whether it is still there, one question at a
// time. OpenSSH answers keepalive@openssh.com with a failure, which is an
// answer. The ask waits in a short-lived goroutine: a link that stopped
// carrying data blocks it until the connection is closed.
type keepalive struct {
	waiting atomic.Bool
	misses  int
}

// missed counts one more interval if the last question is unanswered.
func (k *keepalive) missed() int {
	if k.waiting.Load() {
		k.misses++
	} else {
		k.misses = 0
	}
	return k.misses
}

func (k *keepalive) ask(conn gossh.Conn) {
	if k.waiting.Load() {
		return
	}
	k.waiting.Store(true)
	go func() {
		if _, _, err := conn.SendRequest("keepalive@openssh.com", true, nil); err == nil {
			k.waiting.Store(false)
		}
	}()
}

// safeModel confines a panic in the UI to its session: it is logged with
// its stack and the program quits, restoring the viewer's terminal.
type safeModel struct {
	inner   tea.Model
	onPanic func(r any, stack []byte)
	quit    func()
	once    sync.Once
}

func (m *safeModel) recovered(r any) {
	stack := debug.Stack()
	m.once.Do(func() {
		if m.onPanic != nil {
			m.onPanic(r, stack)
		}
	})
}

func (m *safeModel) Init() (cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			m.recovered(r)
			cmd = tea.Quit
		}
	}()
	return m.wrap(m.inner.Init())
}

func (m *safeModel) Update(msg tea.Msg) (next tea.Model, cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			m.recovered(r)
			next, cmd = m, tea.Quit
		}
	}()
	inner, c := m.inner.Update(msg)
	m.inner = inner
	return m, m.wrap(c)
}

func (m *safeModel) View() (v string) {
	defer func() {
		if r := recover(); r != nil {
			m.recovered(r)
			if m.quit != nil {
				m.quit()
			}
			v = ""
		}
	}()
	return m.inner.View()
}

// wrap makes a command's panic end the session instead of the server
// (tea.Sequence's inner commands stay with Bubble Tea's own recovery).
func (m *safeModel) wrap(c tea.Cmd) tea.Cmd {
	if c == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				m.recovered(r)
				msg = tea.QuitMsg{}
			}
		}()
		msg = c()
		if b, ok := msg.(tea.BatchMsg); ok {
			wrapped := make(tea.BatchMsg, len(b))
			for i, c := range b {
				wrapped[i] = m.wrap(c)
			}
			return wrapped
		}
		return msg
	}
}
