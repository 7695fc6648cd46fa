package styles_test

import (
	"fmt"
	"log"

	"github.com/reelkit/reel/styles"
)

// List the built-in styles, embedded in the binary.
func ExampleBuiltin() {
	for _, s := range styles.Builtin().List() {
		fmt.Println(s.MachineName)
	}
	// Unordered output:
	// vanilla
	// bold
	// cinematic
	// memories
	// minimal
	// retro
	// pulse
}

// Make a style of your own from a built-in one and put it in a registry
// beside the built-ins (engine.Options.Styles takes the registry;
// engine.Options.Style takes a single style by value).
func ExampleNewRegistry() {
	vanilla, _ := styles.Builtin().Lookup("vanilla")
	mine := vanilla.Clone() // a deep copy: the built-in is not touched
	mine.MachineName = "mine"
	mine.Name = "Mine"
	mine.SlideDuration = 5
	mine.Transitions.Duration = 0.5
	if err := mine.Validate(); err != nil {
		log.Fatal(err)
	}
	reg, err := styles.NewRegistry(append(styles.Builtin().List(), mine)...)
	if err != nil {
		log.Fatal(err)
	}
	s, ok := reg.Lookup("mine")
	fmt.Println(ok, s.Name, s.SlideDuration, reg.Default().MachineName)
	// Output: true Mine 5 vanilla
}

// Parse a style from JSON (the format of styles/builtin/*.json); a
// malformed or inconsistent style is refused with the field at fault.
func ExampleParse() {
	_, err := styles.Parse([]byte(`{"machine_name": "Bad Name"}`))
	fmt.Println(err != nil)
	// Output: true
}

// The fallback faces of a light face are the light ones of each family.
func ExampleFallbackChain() {
	chain, _ := styles.FallbackChain(styles.FontLatoLight)
	for _, name := range chain[:4] {
		a, _ := styles.FontAspect(name)
		fmt.Println(name, a.Weight)
	}
	// Output:
	// lato-light 300
	// noto-sans-devanagari-light 300
	// noto-sans-devanagari 400
	// noto-sans-devanagari-bold 700
}
