// Package serve is the SSH server for briefings: every viewer who connects
// gets their own dashboard program; with presenter keys one viewer leads and
// the others follow.
//
// # What is wish's and what is ours
//
// The server is built with wish v1.4.7 (github.com/charmbracelet/wish) on
// github.com/charmbracelet/ssh. Where a wish piece does what the briefing
// needs, it is used; where it does not, our own piece replaces it, for the
// reason given, and a test shows the difference. Tests named
// TestWish... exercise the upstream piece itself: if one of them fails
// after an upgrade, upstream changed and the choice below should be
// reconsidered.
//
// Used from wish:
//
//   - wish.NewServer builds the *ssh.Server (newSSHServer), with
//     wish.WithAddress, wish.WithVersion, wish.WithHostKeyPEM,
//     wish.WithPublicKeyAuth, wish.WithKeyboardInteractiveAuth (only for
//     open servers with presenter keys), wish.WithIdleTimeout and
//     wish.WithMaxTimeout (loose backstops: they cut TCP and leave the
//     viewer's terminal in the alternate screen, so the
//     program ends first: TestIdleTimeout, TestMaxSession), and
//     wish.WithMiddleware for the session chain.
//   - wish/recover runs the session chain (Server.recovering): a panic in
//     a session's handler, for instance in ui.New, is logged with its stack
//     and ends that session only (TestPanicElsewhere/new). recover alone
//     then lets the SSH library send exit status 0 without a word, so
//     recovering adds the message and status 1.
//
// Options wish does not have are set with small ssh.Option funcs of ours,
// passed to wish.NewServer like wish's own: the ConnCallback (per-IP rate
// limit, connection cap, handshake timeout), the ServerConfigCallback
// (MaxAuthTries), the ConnectionFailedCallback (log), and withOnlyDashboard
// (shell only: the session channel handler that refuses agent and X11
// forwarding and bounds env requests, no request handlers so no
// tcpip-forward, no subsystems; TestOnlyTheDashboard,
// TestChannelsPerConnection, TestEnvRequestsBounded).
//
// Replaced by our own, and why:
//
//   - wish.WithHostKeyPath: hostkey.go creates the key itself (mode 0600,
//     directory 0700, O_EXCL so that two servers starting at once do not
//     overwrite each other's key), logs "created host key" or "host key"
//     with the fingerprint, and says what to do with a damaged key file;
//     the PEM then goes to wish.WithHostKeyPEM. WithHostKeyPath generates
//     the key with keygen when the option is made and cannot tell whether
//     it did (TestHostKeyCreatedOnceAndLogged).
//   - wish/bubbletea MakeRenderer and MakeOptions: on an emulated PTY
//     (charmbracelet/ssh without AllocatePty) MakeRenderer queries the
//     background colour through a reader that cannot be cancelled: when the
//     terminal does not answer, it returns only when the viewer types, and
//     that keypress is lost; MakeOptions then gives the program the session
//     itself as input (TestWishMakeRendererLosesFirstKey). input.go queries
//     with a timeout through an input pump that keeps typed keys
//     (TestSilentTerminalKeepsTypedKey, TestBackgroundQuery,
//     TestBackgroundQuerySilentTerminal); the pump also measures input
//     idleness and notices the end of input for the session loop. The renderer
//     itself is made as MakeRenderer makes it (newSessionRenderer: the
//     client's TERM and COLORTERM, per session: one renderer shared by
//     sessions would give everyone the first viewer's colours).
//   - wish/bubbletea Middleware and MiddlewareWithProgramHandler: v1.4.7
//     reads the window channel without an ok check, so a session channel
//     that closes while its connection stays open (OpenSSH ControlMaster)
//     floods the program with zero sizes, over 100,000 in half a second
//     (TestWishMiddlewareZeroSizeFlood). Our runner
//     (runProgram) quits instead (TestChannelClosedConnectionOpen), clamps
//     sizes to 1000x500 (TestHugeWindowIsClamped), drops 0x0 sizes (P14),
//     feeds the presenter hub's mailbox, and runs the idle and time-limit
//     watchdog, all in one goroutine per session (sessionLoop), where the
//     middleware has one for resizes and we had three; the middleware also
//     logs program errors to the global logger.
//   - Panics inside the program: Bubble Tea recovers panics in Update,
//     View and commands itself, prints them to the server's stdout and
//     returns; they never reach wish/recover (commands run on other
//     goroutines anyway). safeModel recovers them first, logs them with
//     their stack and ends the session with a message
//     (TestPanicInOneSession, TestPanicElsewhere/view and /cmd).
//   - Bubble Tea's standard renderer, which wish/bubbletea's programs use:
//     the program runs with tea.WithoutRenderer and screen.go draws the
//     frames (the local TUI and the UI's golden tests keep the standard
//     renderer). The reason is memory per session. The standard renderer
//     keeps a buffer as large as the largest frame (about 12 KiB at
//     120x40), two more copies of the last frame (its lines and the
//     string, about 14 KiB together) and a goroutine that writes at 60
//     frames a second. It writes a frame in one Write, and
//     golang.org/x/crypto/ssh keeps a packet buffer per channel, and
//     AES-GCM a ciphertext buffer, each as large as the largest Write (a
//     full frame is 6-11 KiB): about 24 KiB per session together. screen
//     keeps a reference to the last frame, which the UI keeps anyway
//     (followers of a presenter share one string). It rewrites only the
//     changed lines, from View, with no goroutine of its own, and writes
//     in pieces of at most 2 KiB from a pool shared by all sessions. It
//     sets and restores the terminal modes itself, which the nil renderer
//     no longer does. A client that stops reading blocks only its own
//     program, in the Write (TestStalledViewerBlocksOnlyItself). At 200
//     sessions (tools/sshload) the server's memory per session went from
//     about 250 to 170 KiB RSS and from 114 to 56 KiB of live heap, and
//     key-to-frame p50 from 7.5 to 0.8 ms, a table move from 504 to 382
//     bytes. Evidence: the differ against a small terminal
//     emulator, including resizes, wide runes, styles and a fuzz test
//     (TestScreenDiffMatchesFrame, FuzzScreenDiff); a dashboard table move
//     writes under a tenth of a view switch (TestScreenDashboardMove); no
//     Write exceeds 2 KiB (TestScreenWritesAreSmall); drawing allocates
//     nothing (TestScreenDrawAllocs); a failed Write or a panic while
//     drawing stops the drawing, and the panic ends the session
//     (TestScreenWriteError, TestScreenPanicEndsSession); in OpenSSH in
//     tmux the screen after keys equals its full repaint
//     (TestSmokeScreenDiffMatchesRepaint), and the terminal is restored
//     after q and after a shutdown (TestSmokeOpenSSHInTmux,
//     TestSmokeShutdownRestoresOpenSSH).
//   - wish/activeterm: it prints "Requires an active PTY" on stdout and
//     logs nothing; requireTerminal prints on stderr what to do ("connect
//     from a terminal (ssh -t HOST)"), logs the refusal, and exits 1
//     (TestNoPTYGetsAMessage). Commands are refused before it with their
//     own message (refuseCommands, TestOnlyTheDashboard/exec).
//   - wish/logging: its connect/disconnect entries are per session and
//     log the client's command verbatim (it may hold anything, the issue
//     says never secrets); ours log per TCP connection ("connect",
//     "disconnect" with duration, also for connections refused before the
//     handshake), the auth result with the key fingerprint ("auth"), and
//     per session ("session start" with auth method, TERM, size and
//     presenter; "session end" with duration and reason)
//     (TestDashboardAppearsAndQuits, TestAuthorizedKeys). Adding it would
//     log every session twice under the names our connection entries use.
//   - wish/ratelimiter: it runs per session after the key exchange and
//     authentication, so a flood still costs a key exchange per
//     connection, and it refuses rather than waits. A conference room
//     behind one NAT address connects at once: limit.go's admission queue
//     runs in the ConnCallback, before the handshake, and gives out
//     handshake slots in arrival order (64 at once, 32 per address) to a
//     bounded queue (1000, 300 per address), so that 200 people from one
//     address all get in (TestRoomBehindOneAddress; an earlier per-address
//     rate limit refused 160 of 200, BENCHMARKS.md). Next to it: a cap on
//     open connections and a handshake timeout (TestHandshakeTimeout).
//   - Refusals are explained, never a bare reset. OpenSSH prints lines a
//     server sends before its version string only at debug level, so a
//     connection refused by the queue still gets a handshake (from a pool
//     of 4) whose SSH banner (gossh.ServerConfig.BannerCallback, set in
//     serverConfig) says why, and whose authentication lets no one in
//     (TestRefusalsAreExplained). A key that is not invited cannot be told
//     with a banner (it is sent before any key is offered) nor with
//     gossh.BannerError (charmbracelet/ssh's handlers return a bool): an
//     authorized-keys server also offers keyboard-interactive, which never
//     lets anyone in and whose instruction, which OpenSSH prints, names
//     whom to ask and the fingerprints of the keys offered.
//   - Keepalives: wish has none. sessionLoop sends keepalive@openssh.com
//     every --keepalive and closes a connection after 3 unanswered, as
//     OpenSSH's ClientAliveInterval/CountMax do (TestKeepaliveEndsDeadLink).
//   - Idleness: the SSH library's idle timeout counts the server's own
//     output, so a viewer who only watches is never idle by it, and when it
//     fires it drops TCP. sessionLoop's endWatch measures the client's own
//     input, plus the presenter's while the viewer follows one (idle means
//     abandoned, not quiet), and warns with a countdown a minute before
//     (TestBriefingIdleFollowsPresenter, TestEndWatch).
//   - wish.WithAuthorizedKeys: it re-reads the file on every attempt and
//     one malformed line rejects every key after it; ours is
//     parsed once at start and a bad line stops the server with FILE:LINE
//     (TestAuthorizedKeysFileErrors).
//   - Behind a TCP balancer (no wish piece): github.com/pires/go-proxyproto
//     (v0.15.0: v0.16.0 needs a newer Go than the project's) wraps the
//     listener (--proxy-protocol) with PolicyFromRanges(trusted,
//     REQUIRE, REJECT) rather than its TrustProxyHeaderFromRanges, which
//     drops an untrusted connection in Accept without a word in the log,
//     and rather than the deprecated *WhiteListPolicy helpers, which make
//     the header optional for a trusted balancer (one that forgot
//     send-proxy would put every viewer in the balancer's per-address
//     queue). The header is read in the ConnCallback before admission, so
//     that the queue, the per-address limits and every log line see the
//     client (TestProxyProtocolTrusted); a header from an untrusted source
//     is refused and logged, and a plain connection from one is a direct
//     client under its own address (TestProxyProtocolUntrusted). A
//     header with the LOCAL command is a balancer's health check (HAProxy's
//     check-send-proxy): logged at debug level only
//     (TestProxyHealthCheckIsQuiet).
//   - The SSH library's Shutdown: its WaitGroup panics when a handshake
//     completes during it (found under -race); Server.Shutdown tells the
//     programs, waits, cancels and closes (TestShutdown,
//     TestShutdownDuringHandshakes).
//
// # Several servers, one briefing
//
// With --hub the in-process hub stays and does all it does for one
// server; room.go carries between servers, with the official nats.go
// client on a NATS server (no broker of ours), what they must agree on:
// each server's latest presenter (the latest of all leads: lead epochs),
// the leader's State and idle time, each server's counts and its data's
// fingerprint, in one JSON message on one subject per room, sent on every
// change and as a heartbeat each second. Departures from what nats.go
// and JetStream offer, and why:
//
//   - No JetStream key-value Watch for the live screen: core publish on
//     one subject keeps the order of a server's messages in one
//     subscription, costs no acknowledgement per presenter key, and works
//     without JetStream; the bucket only keeps the last screen for a
//     server that starts while no presenter leads
//     (TestRoomStoredScreenForAFreshServer).
//   - No NATS presence (no server-side connection events, which need a
//     system account): heartbeats, and a server silent for 3.5 s drops
//     out of the totals (TestRoomFollowAcrossServers); a server that
//     stops cleanly says goodbye.
//   - The leader's State rides in every heartbeat of the leading server,
//     so that after a lost message, a reconnection or a hub restart the
//     followers elsewhere catch up within a second without a request of
//     their own (TestRoomHubRestart).
//   - nats.go keeps what is published while it reconnects and sends it
//     once back; the room turns that off (ReconnectBufSize(-1)): a server
//     back on the hub would otherwise first replay heartbeats of a
//     presenter who left while it was cut off. The next heartbeat says
//     how things stand (TestRoomPresenterServerBackWithoutPresenter).
//   - "Presenter unreachable" belongs to one lead (its server and epoch):
//     it ends when a presenter leads, or when that server is heard again
//     without that presenter; then followers wait for the next one
//     (TestRoomPresenterServerBackWithoutPresenter,
//     TestRoomFollowersServerBackAfterPresenterLeft). A crashed server
//     cannot be told from a cut one: its presenter stays unreachable
//     until a presenter leads, on any server (TestRoomPresenterServerCrashes).
//   - nats.go would take credentials in the URL (nats://user:pass@host);
//     they are refused, and --hub-creds takes a user credentials or nkey
//     seed file whose content is never logged
//     (TestRoomCredentialsAndFailures). nats.Connect is not retried at
//     start: a hub that cannot be reached, or whose tls:// certificate is
//     not trusted, stops the server with the address and the reason
//     (TestRoomTLSHubIsVerified); once running, nats.go reconnects
//     forever.
//   - Looking around and f stay the local hub's: a follower on another
//     server keeps the presenter's screen for f while it looks around
//     (TestRoomDetachAndFollowRealUI).
//   - A viewer's input never reaches the hub: only the leading presenter's
//     State, its name and counts do (TestRoomViewersDoNotReachTheHub).
//     ui.State crosses as encoding/json; TestStateSurvivesJSON fails when
//     a field is added that would not.
//
// Signals and the log are the process's (main.go, runServe): SIGINT,
// SIGTERM and SIGHUP shut down cleanly; SIGPIPE is turned into a write
// error (in Go a write to a broken pipe on fd 1 or 2 otherwise kills the
// process: Ctrl-C on `serve 2>&1 | tee log` ends tee first, and the next
// log line killed the server before it restored the viewers' terminals);
// and the log goes through internal/droplog, which never blocks or fails
// (TestServeShutdownHoweverTheLogIsWired, TestSmokeBriefingInTmux).
package serve
