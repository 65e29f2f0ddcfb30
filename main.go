// Command eaeu-dash is a terminal dashboard of EAEU cooperation indicators:
// rail transit, new track, train speeds, corridor capacity, trade. This file
// is CLI wiring only: flags and subcommands that hand over to data, ui and
// serve.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/log"
	"github.com/mattn/go-isatty"
	"github.com/muesli/termenv"
	"github.com/spf13/cobra"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/internal/droplog"
	"github.com/eaeu-dash/eaeu-dash/serve"
	"github.com/eaeu-dash/eaeu-dash/ui"
	"github.com/eaeu-dash/eaeu-dash/ui/snapshot"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// usageError marks errors that exit with status 2.
type usageError struct{ error }

// dataError marks errors whose lines are already fully formatted
// (positioned problems); they exit with status 1.
type dataError struct{ error }

// globalFlags are the flags every data-reading command shares.
type globalFlags struct {
	data        []string
	lang        string
	color       string
	glyphs      string
	maxFileSize int64
}

func main() {
	growStack(0)
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// growStack grows the main goroutine's stack to 64 KB at once, while it
// holds two frames. Drawing a frame (lipgloss's Render, the views) needs
// between 32 and 64 KB; grown on demand, the stack was copied three times
// (8 -> 16 -> 32 -> 64 KB) from deep inside cobra and the views, each
// copy walking every frame: 7 % of a cold `render`'s CPU samples
// (BENCHMARKS.md, "Start-up").
//
//go:noinline
func growStack(i int) byte {
	var b [40 << 10]byte
	b[i] = 1
	return b[len(b)-1-i]
}

// run executes the command line and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return 0
	}
	var ue usageError
	var de dataError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "eaeu-dash: %v\n", ue.error)
		if c, _, ferr := root.Find(args); ferr == nil && c != nil {
			fmt.Fprintf(stderr, "\n%s", c.UsageString())
		} else {
			fmt.Fprintf(stderr, "\n%s", root.UsageString())
		}
		return 2
	case errors.As(err, &de):
		fmt.Fprintln(stderr, strings.TrimRight(de.Error(), "\n"))
		return 1
	default:
		fmt.Fprintf(stderr, "eaeu-dash: %v\n", err)
		return 1
	}
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	g := &globalFlags{}
	var watch bool
	sf := &storyFlags{}
	root := &cobra.Command{
		Use:   "eaeu-dash",
		Short: "A terminal dashboard of EAEU cooperation indicators",
		Long: "eaeu-dash shows Eurasian Economic Union cooperation indicators (rail transit,\n" +
			"new and second track, train speeds, corridor capacity, trade) as interactive\n" +
			"charts and tables. With no subcommand it opens the dashboard on the embedded\n" +
			"dataset; --data opens other files in the eaeu-indicators/1 format.",
		Version:       fmt.Sprintf("%s (reads %s)", version, data.FormatV1),
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTUI(cmd.Context(), g, sf, watch, stdin, stdout, stderr)
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetVersionTemplate("eaeu-dash {{.Version}}\n")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	pf := root.PersistentFlags()
	pf.StringArrayVar(&g.data, "data", nil, "a data file or a directory of *.json files (repeatable; default: the embedded dataset)")
	pf.StringVar(&g.lang, "lang", "", "interface and data language: en or ru (default: ru when LC_ALL, LC_MESSAGES or LANG starts with ru, else en)")
	pf.StringVar(&g.color, "color", "auto", "colour output: auto, always or never (NO_COLOR set means never)")
	pf.StringVar(&g.glyphs, "glyphs", "auto", "characters drawn: auto, unicode or ascii (auto: ascii when the locale is not UTF-8, e.g. LANG=C, or TERM is linux or vt100; serve decides per viewer)")
	pf.Int64Var(&g.maxFileSize, "max-file-size", 256<<20, "largest data file to read, in bytes")
	root.Flags().BoolVar(&watch, "watch", false, "reload the data files when they change; keep the last good data on a bad edit")
	root.Flags().StringVar(&sf.path, "story", "", "a storyboard (eaeu-story/1) to step through with n/space and p; \"council\" is the embedded one")
	root.Flags().DurationVar(&sf.tour, "tour", 0, "advance the story by itself every DURATION and loop (the embedded story when --story is not given)")
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		if g.lang == "" {
			g.lang = defaultLang()
		}
		if g.lang != "en" && g.lang != "ru" {
			return usageError{fmt.Errorf("--lang must be en or ru, not %q", g.lang)}
		}
		switch g.color {
		case "auto", "always", "never":
		default:
			return usageError{fmt.Errorf("--color must be auto, always or never, not %q", g.color)}
		}
		if _, err := ui.GlyphsASCII(g.glyphs, os.Getenv, true); err != nil {
			return usageError{err}
		}
		if g.maxFileSize <= 0 {
			return usageError{fmt.Errorf("--max-file-size must be positive")}
		}
		return nil
	}

	root.AddCommand(newValidateCmd(g, stdout), newExportCmd(g, stdout), newRenderCmd(g, stdout, stderr), newServeCmd(g, stderr))
	for _, c := range root.Commands() {
		c.SilenceUsage = true
		c.SilenceErrors = true
		if c.Args == nil {
			c.Args = cobra.NoArgs
		}
		wrapArgs(c)
	}
	return root
}

// wrapArgs turns argument-count errors into usage errors (exit 2).
func wrapArgs(c *cobra.Command) {
	check := c.Args
	c.Args = func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}

func defaultLang() string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(k); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "ru") {
				return "ru"
			}
			return "en"
		}
	}
	return "en"
}

// loadData loads --data paths, or the embedded dataset when there are none.
// serveLang is the language serve imposes on every viewer: --lang when it
// is given, else none, so that each viewer gets their own terminal's
// LANG/LC_* (the server's own LANG, which --lang defaults to for the local
// dashboard, says nothing about the audience's).
func serveLang(cmd *cobra.Command, g *globalFlags) string {
	if f := cmd.Flag("lang"); f != nil && f.Changed {
		return g.lang
	}
	return ""
}

func loadData(g *globalFlags, paths []string) (*data.Dataset, error) {
	if len(paths) == 0 {
		ds, err := data.Default()
		return ds, wrapLoadErr(err, g.lang)
	}
	ds, err := data.Load(paths, data.Options{MaxFileSize: g.maxFileSize})
	return ds, wrapLoadErr(err, g.lang)
}

// wrapLoadErr formats the problems of a load, their messages in lang (the
// FILE:LINE:COL: JSON.PATH: prefix is the same in every language).
func wrapLoadErr(err error, lang string) error {
	if err == nil {
		return nil
	}
	var es data.Errors
	if errors.As(err, &es) && len(es) > 0 {
		tooMany := strings.Contains(es[len(es)-1].Msg, "more problems not shown")
		summary := fmt.Sprintf("%d problem(s) found; fix them and run `eaeu-dash validate` again", len(es))
		if tooMany {
			summary = "too many problems to list; fix the ones above and run `eaeu-dash validate` again"
		}
		if lang == "ru" {
			summary = fmt.Sprintf("найдено проблем: %d; исправьте их и снова запустите `eaeu-dash validate`", len(es))
			if tooMany {
				summary = "проблем слишком много, чтобы перечислить все; исправьте показанные и снова запустите `eaeu-dash validate`"
			}
		}
		return dataError{fmt.Errorf("%s\n%s", es.Translated(lang).Error(), summary)}
	}
	return err
}

// renderer builds the lipgloss renderer for local output according to
// --color and NO_COLOR.
func renderer(w io.Writer, mode string) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(w)
	_, noColor := os.LookupEnv("NO_COLOR")
	switch {
	case mode == "never" || (noColor && mode != "always"):
		r.SetColorProfile(termenv.Ascii)
	case mode == "always":
		if r.ColorProfile() == termenv.Ascii {
			r.SetColorProfile(termenv.ANSI256)
		}
	}
	return r
}

// storyFlags are the dashboard's --story and --tour.
type storyFlags struct {
	path string
	tour time.Duration
}

// loadStory reads --story (or the embedded story for "council", or when
// only --tour is given) against ds; nil when neither flag is given.
func loadStory(sf *storyFlags, ds *data.Dataset, maxFileSize int64, lang string) (*data.Story, error) {
	if sf.tour < 0 {
		return nil, usageError{errors.New("--tour must be a positive duration, e.g. 15s")}
	}
	if sf.tour > 0 && sf.tour < 500*time.Millisecond {
		return nil, usageError{fmt.Errorf("--tour %v is too short to read a caption (at least 500ms)", sf.tour)}
	}
	opts := data.StoryOptions{Views: ui.ViewNames(), Options: data.Options{MaxFileSize: maxFileSize}}
	path := sf.path
	if path == "" && sf.tour == 0 {
		return nil, nil
	}
	if path == "" || path == "council" {
		if _, err := os.Stat(path); path == "" || err != nil {
			st, err := data.DefaultStory(ds, opts)
			if err != nil {
				return nil, wrapStoryErr(err, "the embedded story names figures of the embedded dataset; with --data, give a --story written for that data", lang)
			}
			return st, nil
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	st, err := data.LoadStoryBytes(path, b, ds, opts)
	return st, wrapStoryErr(err, "", lang)
}

// wrapStoryErr formats a storyboard's problems like the data's (in Russian
// where the data's messages have a translation; the storyboard's own stay
// English).
func wrapStoryErr(err error, hint, lang string) error {
	if err == nil {
		return nil
	}
	var es data.Errors
	if errors.As(err, &es) && len(es) > 0 {
		summary := fmt.Sprintf("%d problem(s) in the storyboard", len(es))
		if hint != "" {
			summary += "; " + hint
		}
		if lang == "ru" {
			summary = fmt.Sprintf("проблем в сценарии: %d", len(es))
			if hint != "" {
				summary += "; встроенный сценарий ссылается на цифры встроенных данных: с --data укажите --story, написанный для этих данных"
			}
		}
		return dataError{fmt.Errorf("%s\n%s", es.Translated(lang).Error(), summary)}
	}
	return err
}

// asciiLang is the language of a screen drawn in ASCII only: a terminal
// that cannot show Cyrillic cannot show a Russian interface, so Russian
// falls back to English, and stderr says so.
func asciiLang(lang string, ascii bool, stderr io.Writer) string {
	if !ascii || lang != "ru" {
		return lang
	}
	fmt.Fprintln(stderr, "eaeu-dash: this terminal shows ASCII only (--glyphs ascii, or a locale that is not UTF-8), "+
		"which cannot show Cyrillic: the interface is in English. For Russian, use a UTF-8 locale (LANG=ru_RU.UTF-8) and --glyphs unicode.")
	return "en"
}

func runTUI(ctx context.Context, g *globalFlags, sf *storyFlags, watch bool, stdin io.Reader, stdout, stderr io.Writer) error {
	if os.Getenv("TERM") == "dumb" {
		// No cursor addressing, so no alternate screen or mouse: a
		// full-screen program would garble it.
		return errors.New("this terminal (TERM=dumb) cannot show the interactive dashboard.\n" +
			"For one frame as text, use: eaeu-dash render --view overview --size 100x30")
	}
	ds, err := loadData(g, g.data)
	if err != nil {
		return err
	}
	story, err := loadStory(sf, ds, g.maxFileSize, g.lang)
	if err != nil {
		return err
	}
	f, ok := stdout.(*os.File)
	if !ok || !isatty.IsTerminal(f.Fd()) {
		return errors.New("standard output is not a terminal, so the interactive dashboard cannot start.\n" +
			"For one frame as text, use: eaeu-dash render --view overview --size 120x40")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	r := renderer(stdout, g.color)
	if ui.AskBackground(os.Getenv) {
		// Inside tmux termenv does not ask the terminal; tmux answers for
		// its pane (a white pane: rgb:ffff/ffff/ffff), so ask it here.
		if tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0); err == nil {
			if dark, ok := ui.QueryBackground(tty, 200*time.Millisecond); ok {
				r.SetHasDarkBackground(dark)
			}
			tty.Close()
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ascii, _ := ui.GlyphsASCII(g.glyphs, os.Getenv, true)
	// ctrl+s saves the screen in the working directory (only here: serve
	// never sets Options.Snapshot for a viewer). The background is asked
	// now, before the program reads the terminal's input.
	dark := r.HasDarkBackground()
	snap := func(frame string) (string, error) {
		return snapshot.Save(".", time.Now(), frame, snapshot.Options{Dark: dark, Title: "eaeu-dash"})
	}
	m := ui.New(ds, ui.Options{Renderer: r, Lang: asciiLang(g.lang, ascii, stderr), ASCII: ascii, Snapshot: snap, Story: story, Tour: sf.tour})
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithInput(stdin), tea.WithOutput(stdout), tea.WithContext(ctx))
	if watch {
		if len(g.data) == 0 {
			return usageError{errors.New("--watch needs --data: the embedded dataset never changes")}
		}
		go func() {
			_ = serve.Watch(ctx, g.data,
				func() (*data.Dataset, error) { return data.Load(g.data, data.Options{MaxFileSize: g.maxFileSize}) },
				func(ds *data.Dataset) {
					msg := ui.DatasetMsg{Dataset: ds}
					if story != nil {
						st, err := loadStory(sf, ds, g.maxFileSize, g.lang)
						if err != nil {
							p.Send(ui.BannerMsg{Text: "the storyboard does not fit the reloaded data; the story is off (run eaeu-dash with --story to see why)"})
							p.Send(msg)
							return
						}
						msg.Story = st
					}
					p.Send(msg)
					p.Send(ui.BannerMsg{})
				},
				func(err error) {
					what := err.Error()
					var es data.Errors
					if errors.As(err, &es) {
						what = fmt.Sprintf("%d problem(s)", len(es))
					}
					p.Send(ui.BannerMsg{Text: "data reload failed: " + what + "; showing the last good data (run eaeu-dash validate)"})
				})
		}()
	}
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return err
	}
	return nil
}

func newValidateCmd(g *globalFlags, stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "validate [PATH...]",
		Short: "Check data files (the embedded dataset when no path is given)",
		Long: "validate checks each PATH (a file or a directory of *.json files) as one dataset.\n" +
			"It prints a one-line summary per dataset on stdout and every problem, one a line,\n" +
			"as FILE:LINE:COL: JSON.PATH: message on stderr. Exit status: 0 valid, 1 problems,\n" +
			"2 usage error.",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			paths := append(append([]string{}, g.data...), args...)
			name, ok := "embedded dataset", "ok"
			if g.lang == "ru" {
				name, ok = "встроенный набор данных", "в порядке"
			}
			if len(paths) > 0 {
				name = strings.Join(paths, ", ")
			}
			ds, err := loadData(g, paths)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s: %s: %s\n", name, ok, ds.SummaryIn(g.lang))
			return nil
		},
	}
}

func newExportCmd(g *globalFlags, stdout io.Writer) *cobra.Command {
	var format, indicator string
	c := &cobra.Command{
		Use:   "export --format csv|json [--indicator ID]",
		Short: "Write the observations as tidy CSV or normalised JSON to stdout",
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format == "" {
				return usageError{errors.New("--format is required: csv or json")}
			}
			if format != "csv" && format != "json" {
				return usageError{fmt.Errorf("--format must be csv or json, not %q", format)}
			}
			ds, err := loadData(g, g.data)
			if err != nil {
				return err
			}
			if indicator != "" {
				if _, ok := ds.Indicator(indicator); !ok {
					return fmt.Errorf("no indicator %q in the dataset (list them with: eaeu-dash export --format csv | cut -d, -f1 | sort -u)", indicator)
				}
			}
			if format == "csv" {
				return data.WriteCSV(stdout, ds, indicator, g.lang)
			}
			return data.WriteJSON(stdout, ds, indicator, g.lang)
		},
	}
	c.Flags().StringVar(&format, "format", "", "csv or json (required)")
	c.Flags().StringVar(&indicator, "indicator", "", "only this indicator id")
	_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"csv", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return c
}

func newRenderCmd(g *globalFlags, stdout, stderr io.Writer) *cobra.Command {
	var view, indicator, size, format, background string
	var stop int
	sf := &storyFlags{}
	c := &cobra.Command{
		Use:   "render --view V [--indicator ID] [--size WxH] [--format text|ansi|svg|html] [--background dark|light] [--story FILE] [--stop N]",
		Short: "Print one frame of a view to stdout, exactly W columns by H lines",
		Long: "render prints the frame the dashboard would show at that size and exits.\n" +
			"Views: " + strings.Join(ui.ViewNames(), ", ") + ".\n" +
			"--format text is plain text (no colour), ansi keeps colours (as --color allows),\n" +
			"svg is a colour screenshot of the terminal (a monospace grid W cells wide) and\n" +
			"html a <pre> with inline styles, both on the --background of a dark or light terminal.",
		RunE: func(cmd *cobra.Command, _ []string) error {
			v, ok := ui.ParseView(view)
			if !ok {
				return usageError{fmt.Errorf("--view must be one of %s; not %q", strings.Join(ui.ViewNames(), ", "), view)}
			}
			w, h, err := parseSize(size)
			if err != nil {
				return usageError{err}
			}
			switch format {
			case "text", "ansi", "svg", "html":
			default:
				return usageError{fmt.Errorf("--format must be text, ansi, svg or html, not %q", format)}
			}
			if background != "dark" && background != "light" {
				return usageError{fmt.Errorf("--background must be dark or light, not %q", background)}
			}
			ds, err := loadData(g, g.data)
			if err != nil {
				return err
			}
			st, err := ui.InitialState(ds, v, indicator)
			if err != nil {
				return err
			}
			var story *data.Story
			if stop < 0 {
				return usageError{fmt.Errorf("--stop must be 1 or more, not %d", stop)}
			}
			if sf.path != "" || stop > 0 {
				if sf.path == "" {
					sf.path = "council"
				}
				if story, err = loadStory(sf, ds, g.maxFileSize, g.lang); err != nil {
					return err
				}
				if stop == 0 {
					stop = 1
				}
				if st, err = ui.StopState(ds, story, stop); err != nil {
					return usageError{fmt.Errorf("--stop: %v", err)}
				}
			}
			r := lipgloss.NewRenderer(stdout)
			_, noColor := os.LookupEnv("NO_COLOR")
			colour := g.color == "always" || (g.color == "auto" && !noColor)
			switch {
			case format == "ansi" && colour, (format == "svg" || format == "html") && g.color != "never":
				// A snapshot is a picture of a true-colour terminal: its
				// colours are the picture's, not this terminal's (NO_COLOR
				// is about terminals; --color never still makes it grey).
				r.SetColorProfile(termenv.TrueColor)
			default:
				r.SetColorProfile(termenv.Ascii)
			}
			r.SetHasDarkBackground(background == "dark")
			// auto: a frame printed on a terminal follows its locale and
			// TERM; one written to a file or a pipe is Unicode (SVG, reports).
			ascii := g.glyphs == "ascii"
			if f, ok := stdout.(*os.File); ok && g.glyphs == "auto" && isatty.IsTerminal(f.Fd()) && format != "svg" && format != "html" {
				ascii, _ = ui.GlyphsASCII(g.glyphs, os.Getenv, true)
			}
			lang := asciiLang(g.lang, ascii, stderr)
			frame := ui.Render(ds, ui.Options{Renderer: r, Lang: lang, ASCII: ascii, Story: story, Now: func() time.Time { return time.Now() }}, st, w, h)
			opts := snapshot.Options{Dark: background == "dark", Title: "eaeu-dash " + st.View.String()}
			switch format {
			case "svg":
				_, err = io.WriteString(stdout, snapshot.SVG(frame, opts))
			case "html":
				_, err = io.WriteString(stdout, snapshot.HTML(frame, opts))
			default:
				_, err = fmt.Fprintln(stdout, frame)
			}
			return err
		},
	}
	c.Flags().StringVar(&view, "view", "overview", "the view: "+strings.Join(ui.ViewNames(), ", "))
	c.Flags().StringVar(&indicator, "indicator", "", "indicator id for charts and detail (default: the first)")
	c.Flags().StringVar(&size, "size", "120x40", "frame size, WIDTHxHEIGHT")
	c.Flags().StringVar(&format, "format", "text", "text, ansi, svg or html")
	c.Flags().StringVar(&background, "background", "dark", "svg and html: the terminal background, dark or light")
	c.Flags().StringVar(&sf.path, "story", "", "a storyboard (council: the embedded one): render its --stop, caption bar included")
	c.Flags().IntVar(&stop, "stop", 0, "the story's stop to render, 1..M (default 1 with --story; alone: of the embedded story)")
	_ = c.RegisterFlagCompletionFunc("view", cobra.FixedCompletions(ui.ViewNames(), cobra.ShellCompDirectiveNoFileComp))
	_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "ansi", "svg", "html"}, cobra.ShellCompDirectiveNoFileComp))
	_ = c.RegisterFlagCompletionFunc("background", cobra.FixedCompletions([]string{"dark", "light"}, cobra.ShellCompDirectiveNoFileComp))
	return c
}

func parseSize(s string) (int, int, error) {
	ws, hs, ok := strings.Cut(strings.ToLower(s), "x")
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if !ok || err1 != nil || err2 != nil || w < 1 || h < 1 || w > 1000 || h > 500 {
		return 0, 0, fmt.Errorf("--size must be WIDTHxHEIGHT, e.g. 120x40 (1..1000 x 1..500), not %q", s)
	}
	return w, h, nil
}

// runServe is what serve's process adds to the server: the log through a
// writer that never blocks or fails (a log piped to tee that was ended by
// the same Ctrl-C must not stop the server from restoring its viewers'
// terminals), SIGPIPE turned into write errors, SIGINT, SIGTERM and SIGHUP
// as a clean shutdown, and the GC target for memory per viewer.
func runServe(ctx context.Context, cfg serve.Config, stderr io.Writer) error {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	logw := droplog.New(stderr, 4096)
	defer logw.Close(time.Second)
	cfg.Logger = log.NewWithOptions(logw, log.Options{ReportTimestamp: true, TimeFormat: time.DateTime})
	if pct, ok := serve.GCPercent(os.LookupEnv); ok {
		defer debug.SetGCPercent(debug.SetGCPercent(pct))
		cfg.Logger.Info("memory", "gc_percent", pct, "why", "GOGC is not set: the server trades some CPU for less memory per viewer")
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	return serve.Run(ctx, cfg)
}

func newServeCmd(g *globalFlags, stderr io.Writer) *cobra.Command {
	cfg := serve.Config{}
	var sf storyFlags
	c := &cobra.Command{
		Use:   "serve [--listen ADDR] [--host-key PATH] [--authorized-keys FILE | --open] [--presenter-keys FILE]",
		Short: "Serve the dashboard over SSH for a briefing audience",
		Long: "serve runs an SSH server; the audience connects with a plain `ssh -p PORT HOST` and\n" +
			"sees the dashboard at their own size and colours. With --presenter-keys, a session\n" +
			"authenticated by one of those keys presents and every other session follows it.",
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cfg.Open && cfg.AuthorizedKeys != "" {
				return usageError{errors.New("--open and --authorized-keys exclude each other")}
			}
			if cfg.MaxSessions < 1 {
				return usageError{errors.New("--max-sessions must be at least 1")}
			}
			cfg.DataPaths = g.data
			cfg.Lang = serveLang(cmd, g)
			cfg.Load = func() (*data.Dataset, error) { return loadData(g, g.data) }
			ds, err := loadData(g, g.data)
			if err != nil {
				return err
			}
			if _, err := loadStory(&sf, ds, g.maxFileSize, g.lang); err != nil {
				return err
			}
			cfg.Story = func(ds *data.Dataset) (*data.Story, error) { return loadStory(&sf, ds, g.maxFileSize, g.lang) }
			cfg.Tour = sf.tour
			if cfg.SnapshotDir != "" {
				if fi, err := os.Stat(cfg.SnapshotDir); err != nil || !fi.IsDir() {
					return usageError{fmt.Errorf("--snapshots %s: not a directory the server can write snapshots into", cfg.SnapshotDir)}
				}
			}
			if cfg.Watch && len(g.data) == 0 {
				return usageError{errors.New("--watch needs --data: the embedded dataset never changes")}
			}
			return runServe(cmd.Context(), cfg, stderr)
		},
	}
	f := c.Flags()
	f.StringVar(&cfg.Listen, "listen", "127.0.0.1:23234", "address to listen on")
	f.StringVar(&cfg.HostKeyPath, "host-key", serve.DefaultHostKeyPath(), "ed25519 host key (created with mode 0600 if missing)")
	f.StringVar(&cfg.AuthorizedKeys, "authorized-keys", "", "only these public keys may connect (authorized_keys format)")
	f.BoolVar(&cfg.Open, "open", false, "let anyone connect (a public demo)")
	f.StringVar(&cfg.PresenterKeys, "presenter-keys", "", "sessions authenticated by these keys present; all others follow")
	f.IntVar(&cfg.MaxSessions, "max-sessions", 200, "most concurrent sessions")
	f.DurationVar(&cfg.IdleTimeout, "idle-timeout", 30*time.Minute, "end a session after this long without input")
	f.DurationVar(&cfg.MaxSession, "max-session", 8*time.Hour, "longest session")
	f.DurationVar(&cfg.Keepalive, "keepalive", serve.DefaultKeepalive, "ask idle clients this often whether they are there; end a session after 3 unanswered asks (0: off)")
	f.IntVar(&cfg.Limits.Queue, "max-queue", serve.DefaultLimits.Queue, "connections that may wait for a handshake slot")
	f.IntVar(&cfg.Limits.PerAddrQueue, "max-queue-per-addr", serve.DefaultLimits.PerAddrQueue, "of those, from one address (a room behind one NAT)")
	f.IntVar(&cfg.Limits.Handshakes, "max-handshakes", serve.DefaultLimits.Handshakes, "SSH handshakes at once")
	f.IntVar(&cfg.Limits.PerAddrHandshakes, "max-handshakes-per-addr", serve.DefaultLimits.PerAddrHandshakes, "of those, from one address")
	f.StringVar(&sf.path, "story", "", "a storyboard (eaeu-story/1) the presenter steps through with n/space and p; \"council\" is the embedded one")
	f.DurationVar(&sf.tour, "tour", 0, "advance the story by itself every DURATION and loop: the presenter's screen, or each viewer's without presenter keys")
	f.StringVar(&cfg.SnapshotDir, "snapshots", "", "let presenters save their screen with ctrl+s as SVG files in `DIR` (viewers never write files)")
	f.BoolVar(&cfg.Watch, "watch", false, "reload the data files when they change and push them to every session")
	f.StringVar(&cfg.Hub, "hub", "", "share the briefing with the servers on this NATS hub (nats://HOST:4222 or tls://HOST:4222)")
	f.StringVar(&cfg.Room, "room", "", "the briefing's name on the hub (default \""+serve.DefaultRoom+"\")")
	f.StringVar(&cfg.HubCreds, "hub-creds", "", "NATS user credentials or nkey seed file for --hub (never on the command line)")
	f.BoolVar(&cfg.ProxyProtocol, "proxy-protocol", false, "read a PROXY protocol v1/v2 header (HAProxy send-proxy-v2) from --trusted-proxies, so that limits and logs see the client's address")
	f.StringSliceVar(&cfg.TrustedProxies, "trusted-proxies", nil, "balancers whose PROXY headers are believed: addresses or CIDR ranges, comma-separated")
	return c
}
