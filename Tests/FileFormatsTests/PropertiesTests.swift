// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import FileFormats
import JMESPath
import Testing

/// The properties format. Each expected line is what `java.util.Properties.store` writes for the same key and value
/// (compared line by line with OpenJDK 17), and both `Properties.load` and jproperties 2.1.2 read it back as the input
/// (jproperties loses a U+FEFF written as `\uFEFF`, a bug of its own; Java keeps it).
@Suite struct PropertiesTests {
    /// A key, its string value and the line written.
    static let lines: [(String, String, String)] = [
        ("user", "admin", "user=admin"),
        ("", "empty key", "=empty key"),
        (" lead", " two  spaces ", #"\ lead=\ two  spaces "#),
        ("a b", "trailing ", #"a\ b=trailing "#),
        ("k=v", "=", #"k\=v=\="#),
        ("k:v", ":", #"k\:v=\:"#),
        ("#comment", "a # not a comment", ##"\#comment=a \# not a comment"##),
        ("!bang", "!", #"\!bang=\!"#),
        (#"back\slash"#, #"C:\path"#, #"back\\slash=C\:\\path"#),
        ("tab\tkey", "a\tb", #"tab\tkey=a\tb"#),
        ("nl\nkey", "line1\nline2\n", #"nl\nkey=line1\nline2\n"#),
        ("cr\rkey", "a\r\nb", #"cr\rkey=a\r\nb"#),
        ("ff\u{C}key", "\u{C}", #"ff\fkey=\f"#),
        ("nul\u{0}key", "a\u{0}b", #"nul\u0000key=a\u0000b"#),
        ("quote\"key", "it's \"q\" $HOME ${HOME}", #"quote"key=it's "q" $HOME ${HOME}"#),
        ("ключ", "héllo ✓", #"\u043A\u043B\u044E\u0447=h\u00E9llo \u2713"#),
        ("emoji😀", "😀🎉", #"emoji\uD83D\uDE00=\uD83D\uDE00\uD83C\uDF89"#),
        (
            "controls", "\u{1}\u{1B}\u{7F}\u{80}\u{85}\u{A0}\u{2028}\u{FEFF}",
            #"controls=\u0001\u001B\u007F\u0080\u0085\u00A0\u2028\uFEFF"#
        ),
        (
            "ascii", " !\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~",
            ##"ascii=\ \!"\#$%&'()*+,-./09\:;<\=>?@AZ[\\]^_`az{|}~"##
        ),
    ]

    /// Each key and value is escaped as `Properties.store` escapes it.
    @Test(arguments: lines)
    func escapes(key: String, value: String, line: String) throws {
        try expectRendered(.properties, object(key, .string(value)), line + "\n")
    }

    /// Numbers and booleans as their JSON text, null as an empty value, nested values as compact JSON (escaped like
    /// any text), keys in order.
    @Test func rendersEveryKindOfValue() throws {
        let value: JSONValue = [
            "int": 5432,
            "neg": -3,
            "half": 0.5,
            "small": 1e-7,
            "tiny": .number(.leastNonzeroMagnitude),
            "true": true,
            "false": false,
            "null": nil,
            "array": [1, "a\n", nil],
            "object": ["x": "é"],
            "empty": [:],
        ]
        try expectRendered(
            .properties,
            value,
            #"""
            int=5432
            neg=-3
            half=0.5
            small=1e-07
            tiny=5e-324
            true=true
            false=false
            null=
            array=[1,"a\\n",null]
            object={"x"\:"\u00E9"}
            empty={}

            """#
        )
    }

    /// An empty object gives an empty file.
    @Test func rendersEmptyObject() throws {
        try expectRendered(.properties, [:], "")
    }
}
