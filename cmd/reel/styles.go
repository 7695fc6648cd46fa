package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/reelkit/reel/styles"
)

func cmdStyles(args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return usagef("styles takes no arguments")
	}
	reg := styles.Builtin()
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MACHINE NAME\tNAME\tCATEGORY\tSLIDE\tTRANSITIONS\tQUALITIES\tDESCRIPTION")
	for _, s := range reg.List() {
		var tr, qs []string
		for _, t := range s.Transitions.Kinds {
			tr = append(tr, string(t))
		}
		for _, q := range s.Qualities {
			qs = append(qs, fmt.Sprint(q))
		}
		def := ""
		if s == reg.Default() {
			def = " (default)"
		}
		fmt.Fprintf(tw, "%s%s\t%s\t%s\t%gs\t%s\t%s\t%s\n", s.MachineName, def, s.Name, s.Category, s.SlideDuration,
			strings.Join(tr, ","), strings.Join(qs, ","), s.Description)
	}
	return tw.Flush()
}
