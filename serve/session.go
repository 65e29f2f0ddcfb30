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
	zone "github.com/lrstanley/bubblezone"
	gossh "golang.org/x/crypto/ssh"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui"
)

// Messages a viewer can read in their terminal.
const (
	msgNoPTY     = "eaeu-dash shows a full-screen dashboard: connect from a terminal (ssh -t HOST), without a command."
	msgNoCommand = "eaeu-dash only shows the dashboard: connect without a command (ssh -t HOST)."
	msgEnded     = "The briefing has ended."
	msgPanic     = "Sorry: the dashboard failed (the server logged it). Please connect again."
)

// recoverHandler keeps a panic in one session from reaching the others:
// it is logged with its stack and that session ends.
func (s *Server) recoverHandler(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("session panicked", "remote", sess.RemoteAddr().String(), "panic", r, "stack", string(debug.Stack()))
				fmt.Fprintln(sess.Stderr(), msgPanic)
				_ = sess.Exit(1)
			}
		}()
		next(sess)
	}
}

// handle serves one SSH session.
func (s *Server) handle(sess ssh.Session) {
	start := time.Now()
	fp := ""
	if k := sess.PublicKey(); k != nil {
		fp = gossh.FingerprintSHA256(k)
	}
	logger := s.log.With("remote", sess.RemoteAddr().String(), "user", sess.User())
	if fp != "" {
		logger = logger.With("key", fp)
	}
	if sess.RawCommand() != "" {
		// The command itself is not logged: it may hold anything.
		logger.Info("command refused", "bytes", len(sess.RawCommand()))
		fmt.Fprintln(sess.Stderr(), msgNoCommand)
		_ = sess.Exit(1)
		return
	}
	pty, winch, ok := sess.Pty()
	if !ok {
		logger.Info("session refused: no terminal")
		fmt.Fprintln(sess.Stderr(), msgNoPTY)
		_ = sess.Exit(1)
		return
	}

	ses := &session{box: newMailbox()}
	s.mu.Lock()
	switch {
	case s.closing:
		s.mu.Unlock()
		fmt.Fprintln(sess, msgEnded)
		_ = sess.Exit(1)
		return
	case len(s.sessions) >= s.cfg.MaxSessions:
		n := len(s.sessions)
		s.mu.Unlock()
		logger.Warn("session refused: full", "sessions", n)
		fmt.Fprintf(sess, "the briefing is full (%d viewers); try again later\n", n)
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
	if fp != "" {
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
	_ = sess.Exit(0)
	logger.Info("session end", "duration", time.Since(start).Round(time.Millisecond), "reason", reason)
}

// runProgram runs the dashboard of one session until it quits, the client
// goes away, or the server shuts down.
func (s *Server) runProgram(sess ssh.Session, pty ssh.Pty, winch <-chan ssh.Window, ses *session, ds *data.Dataset, m *member, logger *log.Logger) {
	in := newInputPump()
	go in.run(sess)
	defer in.close()

	dark := true
	if pty.Term != "" && pty.Term != "dumb" {
		dark = queryDarkBackground(sess, in, s.queryTimeout)
	}
	renderer := newSessionRenderer(sess, pty, dark)
	zones := zone.New()
	defer zones.Close() // after Run: the program no longer scans (TECH.md P11)

	ctx, cancel := context.WithCancel(s.appCtx)
	defer cancel()
	stopWithConn := context.AfterFunc(sess.Context(), cancel)
	defer stopWithConn()

	lang := s.cfg.Lang
	if lang == "" {
		lang = clientLang(sess.Environ())
	}
	idle := max(s.cfg.IdleTimeout, 0)
	opts := ui.Options{
		Renderer:    renderer,
		Zones:       zones,
		Lang:        lang,
		IdleTimeout: idle,
		OnState:     func(st ui.State) { s.hub.publish(m, st) },
	}
	inner, initial, err := s.makeModel(ds, opts)
	if err != nil {
		logger.Error("session panicked", "panic", err.Error())
		ses.setReason(msgPanic)
		return
	}
	safe := &safeModel{inner: inner}
	p := tea.NewProgram(safe,
		tea.WithInput(in),
		tea.WithOutput(sess),
		tea.WithContext(ctx),
		tea.WithoutSignalHandler(),
		tea.WithAltScreen(),
		tea.WithMouseCellMotion(),
		tea.WithFilter(dropEmptyResize),
	)
	safe.onPanic = func(r any, stack []byte) {
		logger.Error("session panicked", "panic", r, "stack", string(stack))
		ses.setReason(msgPanic)
	}
	safe.quit = func() { go p.Quit() }

	s.hub.join(m, initial)
	defer s.hub.leave(m)

	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); ses.box.run(ctx, p.Send) }()
	go func() { defer wg.Done(); forwardResizes(ctx, winch, p) }()
	go func() { defer wg.Done(); s.watchdog(ctx, in, ses, p) }()

	_, err = p.Run()
	cancel()
	wg.Wait()
	if idle > 0 && in.idleFor(time.Now()) >= idle {
		// The UI quit on its own idle timeout; say so on the main screen,
		// where the viewer will look.
		ses.setReason(fmt.Sprintf("Closed after %s without input.", idle))
	}
	switch {
	case err == nil, errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, tea.ErrProgramPanic):
	default:
		logger.Error("program ended with an error", "err", err)
		if errors.Is(err, tea.ErrProgramPanic) {
			ses.setReason(msgPanic)
		}
	}
}

// makeModel builds the session's model, recovering a panic in ui.New.
func (s *Server) makeModel(ds *data.Dataset, opts ui.Options) (m tea.Model, initial ui.State, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v\n%s", r, debug.Stack())
		}
	}()
	m = s.newModel(ds, opts)
	if sm, ok := m.(interface{ State() ui.State }); ok {
		initial = sm.State()
	}
	return m, initial, nil
}

// forwardResizes sends window changes to the program. When the session's
// channel closes while the connection stays open, the window channel is
// closed: the program quits instead of reading zero sizes forever
// (TECH.md P15; wish v1.4.7's middleware still has that loop).
func forwardResizes(ctx context.Context, winch <-chan ssh.Window, p *tea.Program) {
	for {
		select {
		case <-ctx.Done():
			return
		case w, ok := <-winch:
			if !ok {
				p.Quit()
				return
			}
			// A client can claim any size; the frame is built at that size.
			p.Send(tea.WindowSizeMsg{Width: min(w.Width, maxCols), Height: min(w.Height, maxRows)})
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

// watchdog ends the program when the client's input ends, after the idle
// timeout (a backstop for ui.Options.IdleTimeout, measured on the bytes
// the client sends), and at the session's time limit.
func (s *Server) watchdog(ctx context.Context, in *inputPump, ses *session, p *tea.Program) {
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
	end := func(reason string) {
		ses.setReason(reason)
		ses.box.put(slotShutdown, ui.ShutdownMsg{Text: reason})
		select {
		case <-ctx.Done():
		case <-time.After(s.quitGrace):
			p.Quit()
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-in.eof:
			p.Quit()
			return
		case <-maxC:
			end(fmt.Sprintf("This session reached its time limit (%s).", s.cfg.MaxSession))
			return
		case now := <-tickC:
			if in.idleFor(now) >= idle {
				end(fmt.Sprintf("Closed after %s without input.", s.cfg.IdleTimeout))
				return
			}
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
