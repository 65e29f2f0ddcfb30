package data

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unsafe"
)

// Options bound what a load accepts. Zero fields mean the defaults.
type Options struct {
	MaxFileSize int64 // bytes per file; default 256 MiB
	MaxDepth    int   // nesting of arrays and objects; default 64
	MaxString   int   // bytes per string; default 1 MiB
}

const (
	DefaultMaxFileSize = 256 << 20
	DefaultMaxDepth    = 64
	DefaultMaxString   = 1 << 20
)

func (o Options) withDefaults() Options {
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = DefaultMaxFileSize
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.MaxString <= 0 {
		o.MaxString = DefaultMaxString
	}
	return o
}

// refTarget says what a reference names and where its index goes.
type refTarget uint8

const (
	refPointSource  refTarget = iota // a: indicator, b: series, c: point (-1: none)
	refEventSource                   // a: event
	refSeriesEntity                  // a: indicator, b: series
	refMember
	refPathNode
	refParticipant
)

// ref is a reference resolved once every file is read.
type ref struct {
	target  refTarget
	name    string
	file    int
	off     int
	path    string
	a, b, c int
}

type defPos struct{ file, off int }

// loader accumulates the files of one Load.
type loader struct {
	opts         Options
	ds           *Dataset
	names        []string
	bufs         [][]byte
	problems     []problem
	dropped      int
	syntaxFailed bool
	srcDef       []defPos
	entDef       []defPos
	indDef       []defPos
	refs         []ref
}

func newLoader(opts Options) *loader {
	return &loader{
		opts: opts.withDefaults(),
		ds: &Dataset{
			Notes:        []Text{nil},
			sourceIdx:    map[string]int{},
			entityIdx:    map[string]int{},
			indicatorIdx: map[string]int{},
		},
	}
}

func (l *loader) add(p problem) {
	if len(l.problems) >= maxProblems {
		l.dropped++
		return
	}
	p.seq = len(l.problems)
	l.problems = append(l.problems, p)
}

// addFile decodes one file's bytes.
func (l *loader) addFile(name string, buf []byte) {
	file := len(l.names)
	l.names = append(l.names, name)
	l.bufs = append(l.bufs, buf)
	l.ds.Files = append(l.ds.Files, name)
	if int64(len(buf)) > l.opts.MaxFileSize {
		l.tooBig(file, int64(len(buf)))
		return
	}
	d := &decoder{l: l, file: file, buf: buf, path: make([]seg, 0, 8)}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(abortFile); !ok {
				panic(r)
			}
		}
	}()
	d.document()
}

func (l *loader) tooBig(file int, size int64) {
	l.add(problem{file: file, refFile: -1, msg: "the file is " + strconv.FormatInt(size, 10) +
		" bytes, over the limit of " + strconv.FormatInt(l.opts.MaxFileSize, 10) + " (split it into several files)"})
	l.syntaxFailed = true
}

// finish checks references across files, derives the figures and returns
// the dataset, or every problem found.
func (l *loader) finish() (*Dataset, error) {
	if !l.syntaxFailed {
		l.resolve()
	}
	if len(l.problems) > 0 {
		return nil, finishProblems(l.problems, l.names, l.bufs, l.dropped)
	}
	l.ds.derive()
	return l.ds, nil
}

func (l *loader) resolve() {
	ds := l.ds
	for _, r := range l.refs {
		switch r.target {
		case refPointSource, refEventSource:
			i, ok := ds.sourceIdx[r.name]
			if !ok {
				msg := quote(r.name) + " is not a known source id (define it in \"sources\")"
				if len(ds.sourceIdx) == 0 {
					msg = quote(r.name) + " is not a known source id (\"sources\" is empty; define it there)"
				}
				l.add(problem{file: r.file, off: r.off, path: r.path, msg: msg, refFile: -1})
				continue
			}
			if r.target == refEventSource {
				ds.Events[r.a].Source = int32(i)
			} else if r.c >= 0 {
				ds.Indicators[r.a].Series[r.b].Points[r.c].Source = int32(i)
			}
		default:
			i, ok := ds.entityIdx[r.name]
			if !ok {
				l.add(problem{file: r.file, off: r.off, path: r.path, refFile: -1,
					msg: quote(r.name) + " is not a known entity id (define it in \"entities\")"})
				continue
			}
			switch r.target {
			case refSeriesEntity:
				ds.Indicators[r.a].Series[r.b].EntityIdx = i
			case refPathNode:
				if k := ds.Entities[i].Kind; k != KindNode {
					l.add(problem{file: r.file, off: r.off, path: r.path, refFile: -1,
						msg: "entity " + quote(r.name) + " is of kind " + quote(string(k)) + ", not \"node\" (a path lists nodes; define the node as an entity of kind \"node\")"})
				}
			}
		}
	}
}

// LoadBytes loads one document held in memory; name is used in messages.
func LoadBytes(name string, b []byte, opts Options) (ds *Dataset, err error) {
	defer recoverInternal(name, &err)
	l := newLoader(opts)
	l.addFile(name, b)
	return l.finish()
}

// recoverInternal turns a bug into an error instead of a crash.
func recoverInternal(name string, err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("internal error loading %s: %v (please report this with the file)", name, r)
	}
}

// Load reads files and directories of *.json files (sorted, not
// recursive) into one dataset. The error is Errors when the data is bad,
// or a one-line I/O error naming the path.
func Load(paths []string, opts Options) (ds *Dataset, err error) {
	defer recoverInternal(strings.Join(paths, ", "), &err)
	files, err := expandPaths(paths)
	if err != nil {
		return nil, err
	}
	l := newLoader(opts)
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			return nil, err
		}
		if st.Size() > l.opts.MaxFileSize {
			file := len(l.names)
			l.names = append(l.names, f)
			l.bufs = append(l.bufs, nil)
			l.tooBig(file, st.Size())
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		l.addFile(f, b)
	}
	return l.finish()
}

func expandPaths(paths []string) ([]string, error) {
	if len(paths) == 0 {
		return nil, errors.New("no data files given")
	}
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, err
		}
		n := 0
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
				continue
			}
			files = append(files, filepath.Join(p, e.Name()))
			n++
		}
		if n == 0 {
			return nil, fmt.Errorf("%s: no *.json files in this directory", p)
		}
	}
	return files, nil
}

// Only the dataset's JSON files go into the binary: data/default/README.md
// documents the dataset for readers of the repository, not for users.
//
//go:embed default/*.json
var defaultFS embed.FS

// defaultJSON is default/eaeu.json again, as a string, so that Default
// decodes it where the binary holds it: ReadFile would copy its 170 KB to
// the heap on every start, 40 page faults and about 0.6 ms of the first
// frame (BENCHMARKS.md, "Start-up"). The linker keeps one copy of the bytes.
//
//go:embed default/eaeu.json
var defaultJSON string

const defaultJSONName = "default/eaeu.json"

// Default loads the embedded default dataset (data/default/*.json).
func Default() (ds *Dataset, err error) {
	defer recoverInternal("default", &err)
	names, err := fs.Glob(defaultFS, "default/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	l := newLoader(Options{})
	for _, n := range names {
		if n == defaultJSONName {
			// Read-only memory: the loader never writes into a file's
			// bytes (strings it keeps are copies; readString's slices
			// have no room to append into).
			l.addFile(n, unsafe.Slice(unsafe.StringData(defaultJSON), len(defaultJSON)))
			continue
		}
		b, err := defaultFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		l.addFile(path.Clean(n), b)
	}
	return l.finish()
}
