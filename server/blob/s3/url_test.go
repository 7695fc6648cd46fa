package s3

import (
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	c, err := ParseURL("s3://media/reel/prod/?endpoint=http://127.0.0.1:7070&region=eu-west-1")
	if err != nil {
		t.Fatal(err)
	}
	if c.Bucket != "media" || c.Prefix != "reel/prod/" || c.Endpoint != "http://127.0.0.1:7070" || c.Region != "eu-west-1" {
		t.Fatalf("%+v", c)
	}
	if c, err := ParseURL("s3://b"); err != nil || c.Bucket != "b" || c.Prefix != "" {
		t.Fatalf("%+v, %v", c, err)
	}
	for _, bad := range []string{"", "b", "file:///x", "s3://", "s3://b?endpnt=x", "s3://b?%zz"} {
		if _, err := ParseURL(bad); err == nil {
			t.Errorf("ParseURL(%q) accepted", bad)
		}
	}
}

func FuzzParseURL(f *testing.F) {
	f.Add("s3://media/reel?endpoint=http://127.0.0.1:7070&region=eu-west-1")
	f.Add("s3://b?endpoint=&endpoint=x")
	f.Fuzz(func(t *testing.T, raw string) {
		c, err := ParseURL(raw)
		if err == nil && (c.Bucket == "" || strings.HasPrefix(c.Prefix, "/")) {
			t.Fatalf("ParseURL(%q) = %+v", raw, c)
		}
	})
}
