package serve

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	wishrecover "github.com/charmbracelet/wish/recover"
	gossh "golang.org/x/crypto/ssh"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui"
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
	ds, banner := s.ds, s.banner
	if banner != "" {
		ses.box.put(slotBanner, ui.BannerMsg{Text: banner})
	}
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
	auth := "open"
	if sess.PublicKey() != nil {
		auth = "publickey"
	}
	logger.Info("session start", "auth", auth, "term", pty.Term, "width", pty.Window.Width, "height", pty.Window.Height, "presenter", presenter)

	s.runProgram(sess, pty, winch, ses, ds, &member{name: name, presenter: presenter, box: ses.box}, logger)

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
func (s *Server) runProgram(sess ssh.Session, pty ssh.Pty, winch <-chan ssh.Window, ses *session, ds *data.Dataset, m *member, logger sessLog) {
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

	lang := ses.w.lang
	idle := max(s.cfg.IdleTimeout, 0)
	opts := ui.Options{
		Renderer:    renderer,
		Frames:      s.frames,
		Lang:        lang,
		IdleTimeout: idle,
		OnState:     func(st ui.State) { s.hub.publish(m, st) },
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
	go func() { defer close(loopDone); s.sessionLoop(ctx, winch, in, ses, p) }()

	_, err := p.Run()
	cancel()
	<-loopDone
	if idle > 0 && in.idleFor(time.Now()) >= idle {
		// The UI quit on its own idle timeout; say so on the main screen,
		// where the viewer will look.
		ses.setReason(ses.w.idleFor(idle))
	}
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

// dropEmptyResize filters the 0x0 sizes some clients send (TECH.md P14).
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
//     forever (TECH.md P15; wish v1.4.7's middleware still has that loop);
//   - ends the program when the client's input ends, after the idle timeout
//     (a backstop for ui.Options.IdleTimeout, measured on the bytes the
//     client sends), and at the session's time limit: the viewer is told
//     why, and the program is forced out quitGrace later if it has not
//     quit by then.
//
// It returns when ctx is done (runProgram cancels it when Run returns).
// p.Send returns when the program has ended, so the loop never hangs on a
// program that is gone.
func (s *Server) sessionLoop(ctx context.Context, winch <-chan ssh.Window, in *inputPump, ses *session, p *tea.Program) {
	var maxC <-chan time.Time
	if s.cfg.MaxSession > 0 {
		t := time.NewTimer(s.cfg.MaxSession)
		defer t.Stop()
		maxC = t.C
	}
	var tickC <-chan time.Time
	idle := s.cfg.IdleTimeout
	if idle > 0 {
		tick := min(max(idle/5, 50*time.Millisecond), time.Second)
		t := time.NewTicker(tick)
		defer t.Stop()
		tickC = t.C
		// Let the UI's own idle quit come first.
		idle += 2 * time.Second
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
		maxC, tickC = nil, nil
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
		case w, ok := <-winch:
			if !ok {
				winch = nil
				p.Quit()
				continue
			}
			// A client can claim any size; the frame is built at that size.
			p.Send(tea.WindowSizeMsg{Width: min(w.Width, maxCols), Height: min(w.Height, maxRows)})
		case <-eof:
			eof = nil
			p.Quit()
		case <-maxC:
			end(ses.w.limitOf(s.cfg.MaxSession))
		case now := <-tickC:
			if in.idleFor(now) >= idle {
				end(ses.w.idleFor(s.cfg.IdleTimeout))
			}
		case <-graceC:
			graceC = nil
			p.Quit()
		}
	}
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
