package snapshot_test

import (
	"encoding/xml"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui"
	"github.com/eaeu-dash/eaeu-dash/ui/snapshot"
)

// svgDoc is what the tests read back of an SVG snapshot.
type svgDoc struct {
	Width  string    `xml:"width,attr"`
	Height string    `xml:"height,attr"`
	Cols   int       `xml:"data-cols,attr"`
	Rows   int       `xml:"data-rows,attr"`
	Rects  []svgRect `xml:"rect"`
	Texts  []svgText `xml:"text"`
}

type svgRect struct {
	X     string `xml:"x,attr"`
	Y     string `xml:"y,attr"`
	Width string `xml:"width,attr"`
	Fill  string `xml:"fill,attr"`
}

type svgText struct {
	Y     string     `xml:"y,attr"`
	Fill  string     `xml:"fill,attr"`
	Spans []svgTspan `xml:"tspan"`
}

type svgTspan struct {
	X          string `xml:"x,attr"`
	TextLength string `xml:"textLength,attr"`
	Fill       string `xml:"fill,attr"`
	Weight     string `xml:"font-weight,attr"`
	Text       string `xml:",chardata"`
}

func f(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return v
}

func parseSVG(t *testing.T, s string) svgDoc {
	t.Helper()
	var d svgDoc
	if err := xml.Unmarshal([]byte(s), &d); err != nil {
		t.Fatalf("the SVG does not parse: %v\n%.600s", err, s)
	}
	return d
}

// checkRows asserts that every row's runs start at the left edge, follow
// each other without gap or overlap, and end at the same right edge, and
// returns the rows' plain text.
func checkRows(t *testing.T, d svgDoc) []string {
	t.Helper()
	if len(d.Texts) != d.Rows {
		t.Fatalf("%d <text> rows, want %d", len(d.Texts), d.Rows)
	}
	want := float64(d.Cols) * snapshot.CellWidth
	var lines []string
	for i, row := range d.Texts {
		x := snapshot.Padding
		var b strings.Builder
		for _, sp := range row.Spans {
			if got := f(t, sp.X); math.Abs(got-x) > 0.01 {
				t.Fatalf("row %d: a run starts at x=%v, want %v (gap or overlap)", i, got, x)
			}
			w := f(t, sp.TextLength)
			if cells := ansi.StringWidth(sp.Text); math.Abs(float64(cells)*snapshot.CellWidth-w) > 0.01 {
				t.Fatalf("row %d: run %q is %d cells but %v px long", i, sp.Text, cells, w)
			}
			x += w
			b.WriteString(sp.Text)
		}
		if got := x - snapshot.Padding; math.Abs(got-want) > 0.01 {
			t.Fatalf("row %d is %v px wide, want %v", i, got, want)
		}
		lines = append(lines, b.String())
	}
	return lines
}

func styled(t *testing.T) string {
	t.Helper()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	red := r.NewStyle().Foreground(lipgloss.Color("#ff0000")).Bold(true)
	sel := r.NewStyle().Background(lipgloss.Color("#1f3a4d"))
	return red.Render("Transit") + " 28 → 45 Mt\n" +
		sel.Render("⠁⠂⠄⡀ braille") + "   \n" +
		"┌──┐ 中 <&>  "
}

func TestSVGRowsColoursAndWidths(t *testing.T) {
	d := parseSVG(t, snapshot.SVG(styled(t), snapshot.Options{Dark: true, Title: "test"}))
	if d.Cols != 18 || d.Rows != 3 {
		t.Fatalf("grid %dx%d, want 18x3 (the widest line)", d.Cols, d.Rows)
	}
	if f(t, d.Width) != 18*snapshot.CellWidth+2*snapshot.Padding || f(t, d.Height) != 3*snapshot.CellHeight+2*snapshot.Padding {
		t.Fatalf("size %sx%s is not the grid's", d.Width, d.Height)
	}
	lines := checkRows(t, d)
	want := []string{"Transit 28 → 45 Mt", "⠁⠂⠄⡀ braille      ", "┌──┐ 中 <&>       "}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("row %d = %q, want %q", i, lines[i], want[i])
		}
	}
	// The first run is the bold red word.
	first := d.Texts[0].Spans[0]
	if first.Text != "Transit" || first.Fill != "#ff0000" || first.Weight != "bold" {
		t.Errorf("first run %+v, want bold #ff0000 \"Transit\"", first)
	}
	if d.Rects[0].Fill != snapshot.ThemeFor(true).BG {
		t.Errorf("background %s, want the dark theme's %s", d.Rects[0].Fill, snapshot.ThemeFor(true).BG)
	}
	found := false
	for _, r := range d.Rects[1:] {
		if r.Fill == "#1f3a4d" && f(t, r.Width) == 12*snapshot.CellWidth {
			found = true
		}
	}
	if !found {
		t.Errorf("no 12-cell #1f3a4d background behind the braille row: %+v", d.Rects)
	}
	light := parseSVG(t, snapshot.SVG(styled(t), snapshot.Options{Dark: false}))
	if light.Rects[0].Fill != snapshot.ThemeFor(false).BG {
		t.Errorf("light background %s", light.Rects[0].Fill)
	}
}

// htmlPre is what the tests read back of an HTML snapshot.
type htmlPre struct {
	Style string     `xml:"style,attr"`
	Inner string     `xml:",innerxml"`
	Spans []htmlSpan `xml:"span"`
}

type htmlSpan struct {
	Style string `xml:"style,attr"`
	Text  string `xml:",chardata"`
}

// htmlRows strips the spans of a <pre> and splits it into rows.
func htmlRows(t *testing.T, s string) (htmlPre, []string) {
	t.Helper()
	var p htmlPre
	if err := xml.Unmarshal([]byte(s), &p); err != nil {
		t.Fatalf("the HTML does not parse as XML: %v\n%s", err, s)
	}
	dec := xml.NewDecoder(strings.NewReader(s))
	var b strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if cd, ok := tok.(xml.CharData); ok {
			b.Write(cd)
		}
	}
	return p, strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
}

func TestHTMLRowsAndColours(t *testing.T) {
	out := snapshot.HTML(styled(t), snapshot.Options{Dark: false})
	p, rows := htmlRows(t, out)
	if !strings.Contains(p.Style, "background:"+snapshot.ThemeFor(false).BG) || !strings.Contains(p.Style, "monospace") {
		t.Errorf("<pre> style %q lacks the light background or the font stack", p.Style)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3: %q", len(rows), rows)
	}
	for i, r := range rows {
		if w := ansi.StringWidth(r); w != 18 {
			t.Errorf("row %d %q is %d cells, want 18", i, r, w)
		}
	}
	if !strings.HasPrefix(rows[2], "┌──┐ 中 <&>") {
		t.Errorf("row 3 = %q (escaping?)", rows[2])
	}
	if p.Spans[0].Text != "Transit" || !strings.Contains(p.Spans[0].Style, "color:#ff0000") || !strings.Contains(p.Spans[0].Style, "font-weight:bold") {
		t.Errorf("first span %+v, want bold #ff0000 Transit", p.Spans[0])
	}
}

// TestDashboardFrame snapshots real frames of every view and checks that
// the text rows are the frame's and that colours came through.
func TestDashboardFrame(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"overview", "charts", "table"} {
		for _, dark := range []bool{true, false} {
			view, _ := ui.ParseView(v)
			st, err := ui.InitialState(ds, view, "")
			if err != nil {
				t.Fatal(err)
			}
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(termenv.TrueColor)
			r.SetHasDarkBackground(dark)
			now := func() time.Time { return time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC) }
			frame := ui.Render(ds, ui.Options{Renderer: r, Lang: "en", Now: now}, st, 100, 30)
			d := parseSVG(t, snapshot.SVG(frame, snapshot.Options{Dark: dark}))
			if d.Cols != 100 || d.Rows != 30 {
				t.Fatalf("%s: grid %dx%d, want 100x30", v, d.Cols, d.Rows)
			}
			lines := checkRows(t, d)
			plain := strings.Split(ansi.Strip(frame), "\n")
			for i := range plain {
				if strings.TrimRight(lines[i], " ") != strings.TrimRight(plain[i], " ") {
					t.Fatalf("%s row %d:\n got %q\nwant %q", v, i, lines[i], plain[i])
				}
			}
			colours := map[string]bool{}
			bold := false
			for _, row := range d.Texts {
				for _, sp := range row.Spans {
					if sp.Fill != "" {
						colours[sp.Fill] = true
					}
					bold = bold || sp.Weight == "bold"
				}
			}
			if len(colours) < 3 || !bold {
				t.Errorf("%s (dark %v): %d text colours, bold %v; want colours and bold", v, dark, len(colours), bold)
			}
			_, rows := htmlRows(t, snapshot.HTML(frame, snapshot.Options{Dark: dark}))
			for i, r := range rows {
				if ansi.StringWidth(r) != 100 {
					t.Fatalf("%s html row %d is %d cells", v, i, ansi.StringWidth(r))
				}
			}
		}
	}
}

func TestEmptyFrame(t *testing.T) {
	d := parseSVG(t, snapshot.SVG("", snapshot.Options{}))
	if d.Cols != 0 || d.Rows != 1 {
		t.Errorf("empty frame: %dx%d", d.Cols, d.Rows)
	}
	_ = snapshot.HTML("", snapshot.Options{})
}

func TestSaveNamesAndNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 3, 10, 9, 5, 7, 0, time.Local)
	p1, err := snapshot.Save(dir, now, "one", snapshot.Options{Dark: true})
	if err != nil {
		t.Fatal(err)
	}
	p2, err := snapshot.Save(dir, now, "two", snapshot.Options{Dark: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(p1, "/eaeu-dash-20260310-090507.svg") || !strings.HasSuffix(p2, "/eaeu-dash-20260310-090507-2.svg") {
		t.Fatalf("paths %s, %s", p1, p2)
	}
	b, err := os.ReadFile(p1)
	if err != nil || !strings.Contains(string(b), ">one</tspan>") {
		t.Fatalf("first file: %v %.200s", err, b)
	}
	if _, err := snapshot.Save(filepath.Join(dir, "missing"), now, "x", snapshot.Options{}); err == nil {
		t.Error("saving into a missing directory did not fail")
	}
}
