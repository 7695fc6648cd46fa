// Package faad decodes AAC (AAC-LC, and HE-AAC v1/v2 where the library
// supports SBR and PS, as Debian's does) with libfaad2, loaded at run
// time.
//
// The library is opened with dlopen(RTLD_NOW|RTLD_LOCAL) the first time
// [Load] is called, as encode loads a system libx264: reel builds and runs
// without it, and only clips with AAC sound need it. [Load] accepts the
// library only when it is libfaad.so.2 of a 2.x release from 2.8 on (the
// structs below are declared here, from neaacdec.h of faad2 2.10 and 2.11,
// whose layout the soname and those releases share), it reports its
// version, and a probe decode of an embedded AAC-LC frame gives the
// expected 1024 stereo float samples of a 1 kHz tone. When the library is
// absent the error names the Debian package to install ([Package]).
//
// A [Decoder] decodes raw AAC access units, as stored in MP4 (one
// raw_data_block each), after initialising from the AudioSpecificConfig of
// the track's esds. Output is interleaved float32 at full scale 1.0;
// multichannel sound (5.1) is downmixed to stereo by the library.
package faad
