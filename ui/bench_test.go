package ui

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// largeDataset is 1,000 indicators x 1,000 points (2 series of 500 daily
// points each), built through the real loader once per test binary.
var largeDataset = sync.OnceValues(func() (*data.Dataset, error) {
	var b bytes.Buffer
	topics := []string{"transit", "infrastructure", "speed", "capacity", "trade", "industry", "agriculture", "digital", "other"}
	statuses := []string{"actual", "actual", "actual", "estimate", "plan", "target"}
	b.WriteString(`{"format":"eaeu-indicators/1","title":"Large generated dataset","updated":"2025-01-01",`)
	b.WriteString(`"sources":[`)
	for s := 0; s < 50; s++ {
		if s > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"src-%d","title":"Generated source number %d","publisher":"Publisher %d","date":"2024-01-01"}`, s, s, s%7)
	}
	b.WriteString(`],"entities":[{"id":"KZ","name":"Kazakhstan","kind":"member"},{"id":"RU","name":"Russia","kind":"member"}],"indicators":[`)
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 1000; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"ind-%d","name":"Generated indicator %d with a longish name","topic":"%s","unit":"Mt","series":[`, i, i, topics[i%len(topics)])
		for s, ent := range []string{"KZ", "RU"} {
			if s > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"entity":"%s","points":[`, ent)
			for p := 0; p < 500; p++ {
				if p > 0 {
					b.WriteByte(',')
				}
				st := "actual"
				if p >= 490 {
					st = statuses[p%len(statuses)]
					if p >= 495 {
						st = "target"
					}
				}
				day := start.AddDate(0, 0, p*3).Format("2006-01-02")
				v := 100 + float64((i*7+p*13+s*5)%997)/3
				fmt.Fprintf(&b, `{"period":"%s","value":%s,"status":"%s","source":"src-%d"}`, day, strconv.FormatFloat(v, 'f', 2, 64), st, (i+p)%50)
			}
			b.WriteString(`]}`)
		}
		b.WriteString(`]}`)
	}
	b.WriteString(`]}`)
	return data.LoadBytes("large.json", b.Bytes(), data.Options{})
})

func benchDatasets(b *testing.B) map[string]*data.Dataset {
	ds, err := largeDataset()
	if err != nil {
		b.Fatalf("large dataset: %v", err)
	}
	return map[string]*data.Dataset{"default": loadDefault(b), "large": ds}
}

// BenchmarkFrame is one key press that moves a selection (or, on charts,
// edits the picker filter) plus View, per view, size and dataset. None of
// these keys re-renders a chart.
func BenchmarkFrame(b *testing.B) {
	sets := benchDatasets(b)
	views := []struct {
		name       string
		open       []string
		next, prev string
	}{
		{"overview", nil, "down", "up"},
		{"charts", []string{"2", "/"}, "x", "backspace"},
		{"table", []string{"3"}, "down", "up"},
		{"detail", []string{"4"}, "down", "up"},
		{"sources", []string{"5"}, "down", "up"},
		{"events", []string{"6"}, "down", "up"},
	}
	for _, dsName := range []string{"default", "large"} {
		for _, v := range views {
			for _, sz := range [][2]int{{120, 40}, {240, 70}} {
				b.Run(fmt.Sprintf("%s/%dx%d/%s", v.name, sz[0], sz[1], dsName), func(b *testing.B) {
					m := newSized(b, sets[dsName], sz[0], sz[1])
					m = press(m, v.open...)
					alternateKeys(b, m, v.next, v.prev)
				})
			}
		}
	}
}

// BenchmarkChartRerender is a key that changes the chart (picker j/k on
// charts; zoom in/out) plus View: the cost of rendering a chart.
func BenchmarkChartRerender(b *testing.B) {
	sets := benchDatasets(b)
	for _, dsName := range []string{"default", "large"} {
		for _, keys := range [][2]string{{"j", "k"}, {"+", "-"}} {
			for _, sz := range [][2]int{{120, 40}, {240, 70}} {
				b.Run(fmt.Sprintf("%s%s/%dx%d/%s", keys[0], keys[1], sz[0], sz[1], dsName), func(b *testing.B) {
					m := newSized(b, sets[dsName], sz[0], sz[1])
					m = press(m, "2")
					next, prev := keyOf(keys[0]), keyOf(keys[1])
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						k := next
						if i%2 == 1 {
							k = prev
						}
						nm, _ := m.Update(k)
						m = nm.(Model)
						_ = m.View()
					}
				})
			}
		}
	}
}

// BenchmarkDatasetSwap is a live reload: the UI's per-dataset preparation.
func BenchmarkDatasetSwap(b *testing.B) {
	sets := benchDatasets(b)
	for _, dsName := range []string{"default", "large"} {
		b.Run(dsName, func(b *testing.B) {
			m := newSized(b, sets[dsName], 120, 40)
			for i := 0; i < b.N; i++ {
				m = send(m, DatasetMsg{Dataset: sets[dsName]})
			}
		})
	}
}

// BenchmarkFrameColor is BenchmarkFrame at 240x70 on the large dataset with
// a 256-colour renderer (what most SSH viewers get).
func BenchmarkFrameColor(b *testing.B) {
	sets := benchDatasets(b)
	for _, v := range []struct {
		name       string
		open       []string
		next, prev string
	}{
		{"overview", nil, "down", "up"},
		{"table", []string{"3"}, "down", "up"},
		{"detail", []string{"4"}, "down", "up"},
		{"events", []string{"6"}, "down", "up"},
	} {
		b.Run(v.name+"/240x70/large/ansi256", func(b *testing.B) {
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(termenv.ANSI256)
			opts := testOptions()
			opts.Renderer = r
			m := send(Model{newModel(sets["large"], opts)}, tea.WindowSizeMsg{Width: 240, Height: 70})
			m = press(m, v.open...)
			alternateKeys(b, m, v.next, v.prev)
		})
	}
}

// BenchmarkTableResort is the `s` key on the table (re-sort every row) and
// one filter keystroke (re-filter): the work done only when sort or filter
// change.
func BenchmarkTableResort(b *testing.B) {
	sets := benchDatasets(b)
	for _, dsName := range []string{"default", "large"} {
		b.Run("sort/"+dsName, func(b *testing.B) {
			m := newSized(b, sets[dsName], 240, 70)
			m = press(m, "3")
			for i := 0; i < b.N; i++ {
				m = press(m, "s")
			}
		})
		b.Run("filter/"+dsName, func(b *testing.B) {
			m := newSized(b, sets[dsName], 240, 70)
			m = press(m, "3", "/")
			for i := 0; i < b.N; i++ {
				if i%2 == 0 {
					m = press(m, "7")
				} else {
					m = press(m, "backspace")
				}
			}
		})
	}
}

// alternateKeys times Update+View of next and prev pressed in turn.
func alternateKeys(b *testing.B, m Model, next, prev string) {
	b.Helper()
	keys := [2]tea.KeyMsg{keyOf(next), keyOf(prev)}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		nm, _ := m.Update(keys[i%2])
		m = nm.(Model)
		_ = m.View()
	}
}

// servedSessions makes n models the way serve does: one FrameCache for
// all, and per session a lipgloss renderer of its own (profile p, dark
// background). Each gets a 120x40 window,
// shows the overview, opens the table and moves j/k a few times, with
// View after every message as bubbletea calls it.
func servedSessions(tb testing.TB, ds *data.Dataset, frames *FrameCache, p termenv.Profile, n int) []Model {
	tb.Helper()
	ms := make([]Model, n)
	for i := range ms {
		r := lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(p)
		r.SetHasDarkBackground(true)
		opts := Options{Renderer: r, Frames: frames, Lang: "en", Now: fixedNow}
		m := New(ds, opts)
		for _, msg := range []tea.Msg{tea.WindowSizeMsg{Width: 120, Height: 40}, keyOf("3"),
			keyOf("j"), keyOf("j"), keyOf("j"), keyOf("k"), keyOf("j"), keyOf("k")} {
			m = send(m, msg)
			_ = m.View()
		}
		ms[i] = m
	}
	return ms
}

// heapAlloc is the live heap after a full collection.
func heapAlloc() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkSessionHeap reports the heap one more SSH session keeps alive
// (B/session): 200 sessions served as serve does (see servedSessions),
// after one session that built what the server shares (dataset view,
// cards, styles...). Run it with -benchtime=1x; the time it reports is
// not the point.
func BenchmarkSessionHeap(b *testing.B) {
	const n = 200
	ds := loadDefault(b)
	for i := 0; i < b.N; i++ {
		frames := NewFrameCache()
		warm := servedSessions(b, ds, frames, termenv.ANSI256, 1)
		before := heapAlloc()
		ms := servedSessions(b, ds, frames, termenv.ANSI256, n)
		after := heapAlloc()
		b.ReportMetric(float64(int64(after)-int64(before))/n, "B/session")
		runtime.KeepAlive(ms)
		runtime.KeepAlive(warm)
	}
}

// BenchmarkSessionHeapViews is BenchmarkSessionHeap with each session
// then on another view (100 sessions): what a session keeps of charts,
// the detail view, the lists and the help.
func BenchmarkSessionHeapViews(b *testing.B) {
	const n = 100
	ds := loadDefault(b)
	for _, v := range []struct {
		name string
		keys []string
	}{{"charts", []string{"2", "j", "k"}}, {"detail", []string{"4"}}, {"sources", []string{"5", "enter"}}, {"events", []string{"6"}}, {"help", []string{"?"}}} {
		b.Run(v.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				frames := NewFrameCache()
				open := func(k int) []Model {
					ms := servedSessions(b, ds, frames, termenv.ANSI256, k)
					for j := range ms {
						for _, key := range v.keys {
							ms[j] = send(ms[j], keyOf(key))
							_ = ms[j].View()
						}
					}
					return ms
				}
				warm := open(1)
				before := heapAlloc()
				ms := open(n)
				after := heapAlloc()
				b.ReportMetric(float64(int64(after)-int64(before))/n, "B/session")
				runtime.KeepAlive(ms)
				runtime.KeepAlive(warm)
			}
		})
	}
}

// BenchmarkFrameASCII is BenchmarkFrameColor's keys with and without
// --glyphs ascii: what folding every frame to ASCII costs.
func BenchmarkFrameASCII(b *testing.B) {
	sets := benchDatasets(b)
	for _, v := range []struct {
		name       string
		open       []string
		next, prev string
	}{
		{"overview", nil, "down", "up"},
		{"table", []string{"3"}, "down", "up"},
		{"charts", []string{"2", "/"}, "x", "backspace"},
	} {
		for _, ascii := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/240x70/large/ansi256/ascii=%v", v.name, ascii), func(b *testing.B) {
				r := lipgloss.NewRenderer(io.Discard)
				r.SetColorProfile(termenv.ANSI256)
				opts := testOptions()
				opts.Renderer, opts.ASCII = r, ascii
				m := send(Model{newModel(sets["large"], opts)}, tea.WindowSizeMsg{Width: 240, Height: 70})
				m = press(m, v.open...)
				alternateKeys(b, m, v.next, v.prev)
			})
		}
	}
}
