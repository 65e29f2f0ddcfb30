package chart

import (
	"io"

	"fmt"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/eaeu-dash/eaeu-dash/data"
)

var names3 = []string{"Kazakhstan", "Russia", "Belarus"}

// lines splits a render into rows of runes (ANSI stripped).
func lines(out string) [][]rune {
	var rs [][]rune
	for _, l := range strings.Split(ansi.Strip(out), "\n") {
		rs = append(rs, []rune(l))
	}
	return rs
}

// find returns the row and column of the first r, or -1, -1.
func find(rows [][]rune, r rune) (int, int) {
	for y, l := range rows {
		for x, c := range l {
			if c == r {
				return y, x
			}
		}
	}
	return -1, -1
}

func TestEverySeriesHasItsOwnColour(t *testing.T) {
	t.Parallel()
	st := colourStyles()
	if st.Mono {
		t.Fatal("a TrueColor renderer gave Mono styles")
	}
	out := Render(Input{Ind: transitIndicator(), Names: names3, Width: 80, Height: 22}, st)
	seen := map[string]bool{}
	for k := 0; k < 3; k++ {
		open, _, _ := strings.Cut(st.Series[k].Render("x"), "x")
		if open == "" {
			t.Fatalf("series %d style has no colour", k)
		}
		if seen[open] {
			t.Fatalf("series %d shares a colour with another", k)
		}
		seen[open] = true
		if !strings.Contains(out, open) {
			t.Errorf("series %d colour %q not in the chart", k, open)
		}
	}
}

func TestAsciiProfileGivesMonoWithoutEscapes(t *testing.T) {
	t.Parallel()
	st := asciiStyles()
	if !st.Mono {
		t.Fatal("Ascii renderer did not give Mono styles")
	}
	for _, m := range []Mode{Line, Bars, Progress} {
		out := Render(Input{Ind: transitIndicator(), Names: names3, Mode: m, Width: 80, Height: 22}, st)
		if strings.Contains(out, "\x1b") {
			t.Errorf("mode %d: escape codes in a Mono chart", m)
		}
	}
	// In Mono the glyphs are the statuses' as in colour; each series has
	// its tag, shown in the legend and beside its line.
	out := Render(Input{Ind: transitIndicator(), Names: names3, Width: 80, Height: 22}, st)
	for _, want := range []string{"━● A Kazakhstan actual", "━● B Russia actual", "━● C Belarus actual", "┄◇ A Kazakhstan plan", "┄○ A Kazakhstan target", "┄○ B Russia target", "◐ estimate"} {
		if !strings.Contains(out, want) {
			t.Errorf("legend lacks %q", want)
		}
	}
}

// A target is drawn with a hollow marker at its value, never with the
// result glyph, and is labelled with its value.
func TestTargetDrawnHollowAtItsValue(t *testing.T) {
	t.Parallel()
	for name, st := range map[string]Styles{"mono": asciiStyles(), "colour": colourStyles()} {
		t.Run(name, func(t *testing.T) {
			out := Render(Input{Ind: transitIndicator(), Names: names3, Width: 80, Height: 22}, st)
			rows := lines(out)
			ty, tx := find(rows, '○')
			if ty < 0 {
				t.Fatalf("no hollow target marker:\n%s", ansi.Strip(out))
			}
			// The top tick is 20, the target's value.
			if !strings.HasPrefix(string(rows[ty]), "20┤") {
				t.Errorf("target marker on row %q, want the 20 row", string(rows[ty]))
			}
			// Right of every result point: the target is the latest point.
			for _, l := range rows[1 : len(rows)-4] {
				for x, c := range l {
					if c == '●' && x >= tx {
						t.Errorf("a result marker at column %d, right of the target at %d", x, tx)
					}
				}
			}
			if !strings.Contains(ansi.Strip(out), "20.0") {
				t.Error("target value 20.0 not labelled")
			}
		})
	}
}

// The way to a target is dotted (sparse dots), the way between results is
// a solid line: the same two points look different by status alone.
func TestPromiseLineIsDotted(t *testing.T) {
	t.Parallel()
	mk := func(s data.Status) *data.Indicator {
		return &data.Indicator{Unit: data.Text{"": "Mt"}, Series: []data.Series{{Entity: "KZ", Points: []data.Point{
			pt(data.YearPeriod(2020), 0, data.Actual), pt(data.YearPeriod(2030), 100, s)}}}}
	}
	st := asciiStyles()
	solid := Render(Input{Ind: mk(data.Actual), Width: 60, Height: 20}, st)
	dotted := Render(Input{Ind: mk(data.Target), Width: 60, Height: 20}, st)
	ns, nd := dotCount(solid), dotCount(dotted)
	if nd == 0 || nd*2 > ns {
		t.Errorf("a target line should be dotted: %d dots vs %d for the solid line\n%s\n%s", nd, ns, solid, dotted)
	}
}

// dotCount is the number of braille dots set in a render.
func dotCount(out string) int {
	n := 0
	for _, r := range ansi.Strip(out) {
		if r > 0x2800 && r <= 0x28FF {
			for bits := r - 0x2800; bits != 0; bits &= bits - 1 {
				n++
			}
		}
	}
	return n
}

func TestNonFiniteValuesAreSkipped(t *testing.T) {
	t.Parallel()
	ind := awkwardIndicators()["nan"]
	out := ansi.Strip(Render(Input{Ind: ind, Width: 50, Height: 12}, asciiStyles()))
	if strings.Contains(out, "∞") || strings.Contains(out, "NaN") {
		t.Errorf("non-finite value leaked into the chart:\n%s", out)
	}
	if !strings.Contains(out, "●") {
		t.Errorf("the one finite point is not drawn:\n%s", out)
	}
	out = ansi.Strip(Render(Input{Ind: awkwardIndicators()["allNaN"], Width: 30, Height: 5}, asciiStyles()))
	if !strings.Contains(out, "no data") {
		t.Errorf("only non-finite values should read as no data:\n%s", out)
	}
}

func TestLogScale(t *testing.T) {
	t.Parallel()
	st := asciiStyles()
	out := ansi.Strip(Render(Input{Ind: transitIndicator(), Names: names3, Log: true, Width: 80, Height: 20}, st))
	if !strings.HasPrefix(out, "Mt/yr (log)") {
		t.Errorf("log scale not named next to the unit:\n%s", out)
	}
	out = ansi.Strip(Render(Input{Ind: awkwardIndicators()["negative"], Log: true, Width: 80, Height: 20}, st))
	if !strings.Contains(out, "log n/a") || strings.Contains(out, "(log)") {
		t.Errorf("negative values must fall back to linear with \"log n/a\":\n%s", out)
	}
}

func TestRelativeIsPercentFromFirstVisiblePoint(t *testing.T) {
	t.Parallel()
	ind := &data.Indicator{Unit: data.Text{"": "Mt"}, Series: []data.Series{{Entity: "KZ", Points: []data.Point{
		pt(data.YearPeriod(2020), 10, data.Actual), pt(data.YearPeriod(2021), 15, data.Actual),
		pt(data.YearPeriod(2022), 20, data.Actual)}}}}
	out := ansi.Strip(Render(Input{Ind: ind, Relative: true, Width: 60, Height: 16}, asciiStyles()))
	if !strings.HasPrefix(out, "% vs start") {
		t.Errorf("relative unit missing:\n%s", out)
	}
	if !strings.Contains(out, "+100%") {
		t.Errorf("20 vs 10 should read +100%%:\n%s", out)
	}
	// From 2021 on, 15 is the base: 20 is +33%.
	out = ansi.Strip(Render(Input{Ind: ind, Relative: true, From: utc(2020, 6, 1), To: utc(2022, 6, 1), Width: 60, Height: 16}, asciiStyles()))
	if !strings.Contains(out, "+33%") {
		t.Errorf("relative base should be the first visible point:\n%s", out)
	}
}

func TestXLabelsFollowGranularity(t *testing.T) {
	t.Parallel()
	st := asciiStyles()
	cases := []struct {
		name string
		ind  *data.Indicator
		want []string
	}{
		{"quarters", awkwardIndicators()["negative"], []string{"2023 Q1", "2023 Q3"}},
		{"months", monthlyIndicator(), []string{"2022", "2023"}},
		{"years", transitIndicator(), []string{"2019", "2030"}},
	}
	for _, c := range cases {
		out := ansi.Strip(Render(Input{Ind: c.ind, Width: 100, Height: 20}, st))
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: no X label %q:\n%s", c.name, w, out)
			}
		}
	}
	// Zoomed into half a year of monthly data: month labels.
	out := ansi.Strip(Render(Input{Ind: monthlyIndicator(), From: utc(2023, 1, 1), To: utc(2023, 7, 1), Width: 100, Height: 20}, st))
	for _, w := range []string{"Feb 2023", "Apr 2023"} {
		if !strings.Contains(out, w) {
			t.Errorf("zoomed months: no X label %q:\n%s", w, out)
		}
	}
	// Daily data over three weeks: day labels.
	out = ansi.Strip(Render(Input{Ind: awkwardIndicators()["days"], From: utc(2024, 6, 28), To: utc(2024, 7, 24), Width: 80, Height: 16}, st))
	if !strings.Contains(out, "15 Jul") {
		t.Errorf("days: no \"15 Jul\" label:\n%s", out)
	}
}

func TestXLabelsNeverOverlap(t *testing.T) {
	t.Parallel()
	st := asciiStyles()
	for w := 20; w <= 200; w += 7 {
		out := ansi.Strip(Render(Input{Ind: monthlyIndicator(), Width: w, Height: 14}, st))
		rows := strings.Split(out, "\n")
		var labelRow string
		for i, r := range rows {
			if strings.Contains(r, "└") && i+1 < len(rows) {
				labelRow = rows[i+1]
			}
		}
		// Labels are separated by at least two spaces and each is whole.
		for _, f := range strings.Split(strings.TrimSpace(labelRow), "  ") {
			if f = strings.TrimSpace(f); f != "" && !xLabel.MatchString(f) {
				t.Errorf("width %d: X labels run together: %q", w, labelRow)
				break
			}
		}
	}
}

var xLabel = regexp.MustCompile(`^(\d{4}|\d{4} Q\d|[A-Z][a-z]{2} \d{4}|\d{1,2} [A-Z][a-z]{2})$`)

func TestManySeriesLegendSaysHowManyMore(t *testing.T) {
	t.Parallel()
	ind := bigIndicator(200, 20)
	out := ansi.Strip(Render(Input{Ind: ind, Width: 80, Height: 20}, asciiStyles()))
	checkBox(t, out, 80, 20)
	rows := strings.Split(out, "\n")
	if last := rows[len(rows)-1]; !regexp.MustCompile(`\+\d+ more\s*$`).MatchString(last) {
		t.Errorf("200 series cannot all fit in the legend; want \"+N more\" at the end:\n%s", out)
	}
}

func TestBarsCompareAtLatestCommonPeriod(t *testing.T) {
	t.Parallel()
	out := ansi.Strip(Render(Input{Ind: transitIndicator(), Names: names3, Mode: Bars, Width: 60, Height: 8}, asciiStyles()))
	rows := strings.Split(out, "\n")
	if !strings.HasPrefix(rows[0], "2024 · Mt/yr") {
		t.Errorf("bars should compare 2024 (all three have a result), got %q", rows[0])
	}
	for _, want := range []string{"Kazakhstan", "10.0 Mt/yr", "7.1 Mt/yr", "2.3 Mt/yr"} {
		if !strings.Contains(out, want) {
			t.Errorf("bars lack %q:\n%s", want, out)
		}
	}
	// Longest bar first, and longer for the larger value.
	kz, by := strings.Count(rows[1], "█"), strings.Count(rows[5], "█")
	if !strings.HasPrefix(rows[1], "Kazakhstan") || kz <= by {
		t.Errorf("Kazakhstan (10.0) should lead with the longest bar:\n%s", out)
	}
	// A target period: the bars are hatched, never solid.
	out = ansi.Strip(Render(Input{Ind: transitIndicator(), Names: names3, Mode: Bars, At: data.YearPeriod(2030), Width: 60, Height: 8}, asciiStyles()))
	if strings.Contains(out, "█") || !strings.Contains(out, "░") || !strings.Contains(out, "(target)") {
		t.Errorf("target bars must be ░ and say so:\n%s", out)
	}
}

func TestProgressShowsBaselineCurrentTarget(t *testing.T) {
	t.Parallel()
	out := ansi.Strip(Render(Input{Ind: transitIndicator(), Names: names3, Mode: Progress, Width: 80, Height: 16}, asciiStyles()))
	rows := strings.Split(out, "\n")
	want := []struct {
		row int
		has []string
	}{
		{1, []string{"Kazakhstan", "22% of the way to target", "45% of the time gone"}},
		{2, []string{"baseline", "2019", "7.2 Mt/yr", "█"}},
		{3, []string{"current", "2024", "10.0 Mt/yr", "█"}},
		{4, []string{"target", "2030", "20.0 Mt/yr", "░"}},
		{8, []string{"current", "2024", "7.1 Mt/yr"}},
		{11, []string{"Belarus", "no target"}},
	}
	for _, w := range want {
		for _, s := range w.has {
			if !strings.Contains(rows[w.row], s) {
				t.Errorf("row %d %q lacks %q", w.row, rows[w.row], s)
			}
		}
	}
	if strings.Contains(rows[4], "█") {
		t.Errorf("target bar drawn with the result glyph: %q", rows[4])
	}
	// Bars share one scale: the 20 target is twice as long as the 10 current.
	cur, tgt := strings.Count(rows[3], "█"), strings.Count(rows[4], "░")
	if tgt < 2*cur-1 || tgt > 2*cur+1 {
		t.Errorf("target bar %d cells vs current %d: not on one scale", tgt, cur)
	}
}

func TestFormatNum(t *testing.T) {
	t.Parallel()
	en, ru := texts("en"), texts("ru")
	cases := []struct {
		v    float64
		dec  int
		tr   strs
		want string
	}{
		{1234567.891, 1, en, "1,234,567.9"},
		{1234567.891, 1, ru, "1\u00a0234\u00a0567,9"},
		{-1234, 0, en, "-1,234"},
		{-0.01, 1, en, "0.0"},
		{999, 0, en, "999"},
		{0.5, 2, en, "0.50"},
		{math.NaN(), 1, en, "–"},
		{2e300, 0, en, "2e+300"},
	}
	for _, c := range cases {
		if got := formatNum(c.v, c.dec, c.tr); got != c.want {
			t.Errorf("formatNum(%v, %d) = %q, want %q", c.v, c.dec, got, c.want)
		}
	}
}

func TestSparkline(t *testing.T) {
	t.Parallel()
	st := asciiStyles()
	cases := []struct {
		name   string
		values []float64
		width  int
		want   string
	}{
		{"rising", []float64{0, 1, 2, 3, 4, 5, 6, 7}, 8, "▁▂▃▄▅▆▇█"},
		{"padded left, latest on the right", []float64{1, 2}, 5, "   ▁█"},
		{"flat", []float64{3, 3, 3}, 3, "▅▅▅"},
		{"NaN and Inf skipped", []float64{0, math.NaN(), math.Inf(1), 1}, 2, "▁█"},
		{"no values", nil, 4, "    "},
		{"zero width", []float64{1, 2}, 0, ""},
	}
	for _, c := range cases {
		if got := Sparkline(c.values, c.width, st); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	long := make([]float64, 1000)
	for i := range long {
		long[i] = math.Sin(float64(i) / 50)
	}
	if got := ansi.StringWidth(Sparkline(long, 30, colourStyles())); got != 30 {
		t.Errorf("1000 values in 30 cells: width %d", got)
	}
}

// bigIndicator has n series of m monthly points each.
func bigIndicator(n, m int) *data.Indicator {
	ind := &data.Indicator{ID: "big", Unit: data.Text{"": "TEU"}, Decimals: 0}
	for s := 0; s < n; s++ {
		ser := data.Series{Entity: fmt.Sprintf("E%d", s)}
		for k := 0; k < m; k++ {
			v := 1000 + 400*math.Sin(float64(k)/30+float64(s)) + float64(s*10) + float64((k*7919+s*104729)%97)
			d := utc(1990, 1, 1).AddDate(0, 0, k)
			ser.Points = append(ser.Points, pt(data.DayPeriod(d.Year(), int(d.Month()), d.Day()), v, data.Actual))
		}
		ind.Series = append(ind.Series, ser)
	}
	return ind
}

// Mono means no colour even when the styles handed in carry colours (the
// UI may set Mono for --color never on a colour terminal).
func TestMonoIgnoresSeriesColours(t *testing.T) {
	t.Parallel()
	st := colourStyles()
	st.Mono = true
	out := Render(Input{Ind: transitIndicator(), Names: names3, Width: 80, Height: 22}, st)
	for k := 0; k < 3; k++ {
		open, _, _ := strings.Cut(st.Series[k].Render("x"), "x")
		if strings.Contains(out, open) {
			t.Errorf("Mono chart uses series %d colour", k)
		}
	}
	if !strings.Contains(ansi.Strip(out), "━● B Russia") {
		t.Error("Mono chart lacks per-series tags")
	}
}

func TestMarksDrawBehindData(t *testing.T) {
	t.Parallel()
	in := Input{Ind: transitIndicator(), Names: names3, Width: 80, Height: 20,
		Marks: []Mark{{At: utc(2021, 5, 21), Label: "Council"}}}
	plain := ansi.Strip(Render(Input{Ind: in.Ind, Names: names3, Width: 80, Height: 20}, asciiStyles()))
	out := ansi.Strip(Render(in, asciiStyles()))
	if !strings.Contains(out, "┊Council") && !strings.Contains(out, "┊") {
		t.Fatalf("no event line:\n%s", out)
	}
	if !strings.Contains(out, "┊ event") {
		t.Errorf("legend lacks the event key:\n%s", out)
	}
	// Every cell that differs is a former blank now holding the event's
	// line or label: no data cell was overwritten.
	pr, or := lines(plain), lines(out)
	for y := range pr[:len(pr)-2] { // legend rows differ by the key
		for x := range pr[y] {
			if pr[y][x] != or[y][x] && pr[y][x] != ' ' {
				t.Errorf("event overwrote %q at %d,%d", pr[y][x], x, y)
			}
		}
	}
}

// Zoomed between two yearly points, the line between them still shows,
// scaled to its values at the edges of the view.
func TestZoomBetweenPointsShowsTheLine(t *testing.T) {
	t.Parallel()
	ind := &data.Indicator{Unit: data.Text{"": "Mt"}, Series: []data.Series{{Entity: "KZ", Points: []data.Point{
		pt(data.YearPeriod(2020), 10, data.Actual), pt(data.YearPeriod(2022), 30, data.Actual)}}}}
	out := ansi.Strip(Render(Input{Ind: ind, From: utc(2020, 7, 1), To: utc(2021, 7, 1), Width: 60, Height: 14}, asciiStyles()))
	if strings.Contains(out, "no data") || dotCount(out) == 0 {
		t.Fatalf("the line through the view is missing:\n%s", out)
	}
	// In view it runs from about 15 to 25: the axis covers that, not 0..100.
	if !strings.Contains(out, "15") || !strings.Contains(out, "25") || strings.Contains(out, "30┤") {
		t.Errorf("Y axis does not fit the visible part of the line:\n%s", out)
	}
}

// Render shares nothing between calls: sessions render concurrently.
func TestRenderConcurrent(t *testing.T) {
	t.Parallel()
	st := colourStyles()
	in := Input{Ind: transitIndicator(), Names: names3, Width: 80, Height: 22}
	want := Render(in, st)
	done := make(chan string)
	for g := 0; g < 8; g++ {
		go func(m Mode) {
			in := in
			in.Mode = m
			_ = Render(in, st)
			in.Mode = Line
			done <- Render(in, st)
		}(Mode(g % 3))
	}
	for g := 0; g < 8; g++ {
		if got := <-done; got != want {
			t.Error("concurrent renders differ")
		}
	}
}

func TestDefaultStylesAdaptToBackground(t *testing.T) {
	t.Parallel()
	mk := func(dark bool) string {
		r := lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(termenv.TrueColor)
		r.SetHasDarkBackground(dark)
		return DefaultStyles(r).Series[0].Render("x")
	}
	if mk(true) == mk(false) {
		t.Error("series colours do not adapt to a light background")
	}
	if len(colourStyles().Series) < 7 {
		t.Error("want the seven Okabe–Ito colours")
	}
}

// PlotFrac maps a column back to the time under it: at the 2024 tick it
// gives 2024's position in the range.
func TestPlotFracMatchesTicks(t *testing.T) {
	t.Parallel()
	in := Input{Ind: transitIndicator(), Names: names3, Width: 80, Height: 22}
	rows := lines(Render(in, asciiStyles()))
	var axis, labels []rune
	for i, r := range rows {
		if strings.ContainsRune(string(r), '└') {
			axis, labels = r, rows[i+1]
		}
	}
	from, to := Extent(in.Ind)
	for _, year := range []int{2019, 2024, 2030} {
		lbl := fmt.Sprint(year)
		i := strings.Index(string(labels), lbl)
		if i < 0 {
			t.Fatalf("no %s label", lbl)
		}
		col := len([]rune(string(labels)[:i])) // the tick is under the label
		for axis[col] != '┬' && col < len(axis)-1 {
			col++
		}
		want := utc(year, 1, 1).Sub(from).Seconds() / to.Sub(from).Seconds()
		if got := PlotFrac(in, asciiStyles(), col); math.Abs(got-want) > 1.0/70 {
			t.Errorf("PlotFrac at the %d tick = %.3f, want %.3f", year, got, want)
		}
	}
	if PlotFrac(in, asciiStyles(), -5) != 0 || PlotFrac(in, asciiStyles(), 500) != 1 {
		t.Error("PlotFrac does not clamp outside the plot")
	}
	if PlotFrac(Input{}, asciiStyles(), 3) != 0.5 {
		t.Error("PlotFrac without data should be the middle")
	}
}

// The loader orders points, but a hand-built indicator may not: the chart
// must not depend on it.
func TestUnorderedPointsRenderLikeOrdered(t *testing.T) {
	t.Parallel()
	ordered := transitIndicator()
	shuffled := transitIndicator()
	for i := range shuffled.Series {
		p := shuffled.Series[i].Points
		for j := range p {
			k := (j*7 + 3) % len(p)
			p[j], p[k] = p[k], p[j]
		}
	}
	for _, in := range []Input{
		{Width: 80, Height: 22},
		{Width: 80, Height: 22, From: utc(2020, 6, 1), To: utc(2023, 6, 1)},
		{Width: 80, Height: 22, Mode: Progress},
		{Width: 80, Height: 22, Mode: Bars},
	} {
		a, b := in, in
		a.Ind, b.Ind = ordered, shuffled
		if Render(a, asciiStyles()) != Render(b, asciiStyles()) {
			t.Errorf("mode %d, range %v..%v: shuffled points render differently", in.Mode, in.From, in.To)
		}
	}
}

func TestBarPeriodsAndDefaultAt(t *testing.T) {
	t.Parallel()
	ind := transitIndicator()
	ps := BarPeriods(ind)
	if len(ps) != 9 || ps[0] != data.YearPeriod(2019) || ps[len(ps)-1] != data.YearPeriod(2030) {
		t.Errorf("BarPeriods = %v", ps)
	}
	if got := DefaultAt(ind); got != data.YearPeriod(2024) {
		t.Errorf("DefaultAt = %s, want 2024 (the latest year all three report)", got)
	}
	if BarPeriods(nil) != nil || DefaultAt(nil) != 0 || DefaultAt(&data.Indicator{}) != 0 {
		t.Error("nil or empty indicator should give no periods")
	}
}

// With more entities than rows, Bars and Progress say how many are left out.
func TestManyEntitiesSayHowManyMore(t *testing.T) {
	t.Parallel()
	ind := bigIndicator(50, 3)
	for _, m := range []Mode{Bars, Progress} {
		out := ansi.Strip(Render(Input{Ind: ind, Mode: m, Width: 70, Height: 12}, asciiStyles()))
		checkBox(t, out, 70, 12)
		rows := strings.Split(out, "\n")
		if !regexp.MustCompile(`^\+\d+ more`).MatchString(strings.TrimSpace(rows[len(rows)-1])) {
			t.Errorf("mode %d: want \"+N more\" on the last row:\n%s", m, out)
		}
	}
}

// statusGlyphsOf is the status glyphs of each line of out, in order.
func statusGlyphsOf(out string) []string {
	var res []string
	for _, l := range strings.Split(ansi.Strip(out), "\n") {
		var b strings.Builder
		for _, r := range l {
			switch r {
			case '●', '◐', '◇', '○':
				b.WriteRune(r)
			}
		}
		res = append(res, b.String())
	}
	return res
}

// Each status has one glyph, the same in colour and monochrome: the
// estimate is ◐ and the plan ◇ in both, and the legend names each.
func TestStatusGlyphsSameInMonoAndColour(t *testing.T) {
	t.Parallel()
	for _, m := range []Mode{Line, Bars, Progress} {
		in := Input{Ind: transitIndicator(), Names: names3, Mode: m, Width: 80, Height: 22}
		mono, col := Render(in, asciiStyles()), Render(in, colourStyles())
		// In reading order (the legend may wrap elsewhere: tags widen it).
		if g, c := statusGlyphsOf(mono), statusGlyphsOf(col); strings.Join(g, "") != strings.Join(c, "") {
			t.Errorf("mode %d: glyphs differ\nmono:   %q\ncolour: %q\n%s\n%s", m, g, c, ansi.Strip(mono), ansi.Strip(col))
		}
	}
	out := ansi.Strip(Render(Input{Ind: transitIndicator(), Names: names3, Width: 80, Height: 22}, asciiStyles()))
	for _, g := range []string{"●", "◐", "◇", "○"} {
		if strings.Count(out, g) < 2 { // on the plot and in the legend
			t.Errorf("%s not both drawn and in the legend:\n%s", g, out)
		}
	}
}

// An actual and an estimate for one period: the actual is drawn, and no
// estimate key is listed for it.
func TestActualWinsOverEstimate(t *testing.T) {
	t.Parallel()
	ind := &data.Indicator{Unit: data.Text{"": "Mt"}, Series: []data.Series{{Entity: "KZ", Points: []data.Point{
		pt(data.YearPeriod(2023), 20, data.Actual), pt(data.YearPeriod(2024), 27.4, data.Actual),
		pt(data.YearPeriod(2025), 33, data.Actual), pt(data.YearPeriod(2025), 33, data.Estimate)}}}}
	for name, st := range map[string]Styles{"mono": asciiStyles(), "colour": colourStyles()} {
		out := ansi.Strip(Render(Input{Ind: ind, Width: 60, Height: 16}, st))
		if strings.Contains(out, "◐") || strings.Count(out, "●") < 4 {
			t.Errorf("%s: the 2025 actual is not what shows:\n%s", name, out)
		}
	}
}

// A progress line too long for the width ends in …, not mid-word.
func TestProgressLineCutWithEllipsis(t *testing.T) {
	t.Parallel()
	out := ansi.Strip(Render(Input{Ind: transitIndicator(), Names: names3, Mode: Progress, Width: 50, Height: 20}, asciiStyles()))
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "% of the way") && !strings.Contains(l, "gone") && !strings.HasSuffix(strings.TrimRight(l, " "), "…") {
			t.Errorf("cut mid-word: %q", l)
		}
	}
	if !strings.Contains(out, "…") {
		t.Errorf("nothing cut at 50 columns:\n%s", out)
	}
}
