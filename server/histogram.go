package server

import (
	"fmt"
	"io"
	"sort"
	"sync"
)

// latencyBuckets are the upper bounds (seconds) of the job latency
// histogram: from a preview's second to a long render's half hour.
var latencyBuckets = []float64{0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800}

// histogram is a Prometheus histogram per label value (the queue).
type histogram struct {
	mu     sync.Mutex
	series map[string]*histSeries
}

type histSeries struct {
	counts []int64 // per bucket, not cumulative
	count  int64
	sum    float64
}

func newHistogram() *histogram { return &histogram{series: map[string]*histSeries{}} }

// observe adds one value v to the series of label.
func (h *histogram) observe(label string, v float64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.series[label]
	if s == nil {
		s = &histSeries{counts: make([]int64, len(latencyBuckets))}
		h.series[label] = s
	}
	s.count++
	s.sum += v
	if i := sort.SearchFloat64s(latencyBuckets, v); i < len(latencyBuckets) {
		s.counts[i]++
	}
}

// write prints the histogram name{labelName=...} in the text format.
func (h *histogram) write(w io.Writer, name, help, labelName string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s histogram\n", name, help, name)
	labels := make([]string, 0, len(h.series))
	for l := range h.series {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	for _, l := range labels {
		s := h.series[l]
		var cum int64
		for i, b := range latencyBuckets {
			cum += s.counts[i]
			fmt.Fprintf(w, "%s_bucket{%s=%q,le=\"%g\"} %d\n", name, labelName, l, b, cum)
		}
		fmt.Fprintf(w, "%s_bucket{%s=%q,le=\"+Inf\"} %d\n", name, labelName, l, s.count)
		fmt.Fprintf(w, "%s_sum{%s=%q} %g\n%s_count{%s=%q} %d\n", name, labelName, l, s.sum, name, labelName, l, s.count)
	}
}
