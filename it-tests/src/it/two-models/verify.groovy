// Both models generated, compiled, summarized and reported (HTML and JSON).
import groovy.json.JsonSlurper

def lines = new File(basedir, 'build.log').readLines()
def gen = new File(basedir, 'target/generated-sources/tflite2java')

assert lines.any { it.contains('BUILD SUCCESS') } : 'build failed, see build.log'
for (name in ['com.example.models.Tiny', 'com.example.Half']) {
    def path = name.replace('.', '/')
    assert new File(gen, "${path}.java").isFile() : "missing ${path}.java"
    assert new File(basedir, "target/classes/${path}.class").isFile() : "${name} not compiled"
    def summary = lines.find { it.startsWith("[INFO] ${name} <- ") }
    assert summary != null : "no summary line for ${name}"
    assert summary =~ /: 31 operators \(AVERAGE_POOL_2D x1, CONV_2D x15, DEPTHWISE_CONV_2D x13, RESHAPE x1, SOFTMAX x1\), [0-9.]+ M MACs, weights [0-9,]+ bytes, arena [0-9,]+ bytes \(lower bound [0-9,]+\), 3 classes, [0-9]+ methods$/ :
        "unexpected summary: ${summary}"
    def dir = new File(basedir, "target/tflite2java/${name}")
    def html = new File(dir, 'report.html').text
    assert html.contains('<table id="layers">') && html.contains('<svg id="live-memory"') : "bad report for ${name}"
    def json = new JsonSlurper().parse(new File(dir, 'report.json'))
    assert json.format == 'tflite2java-report/1'
    assert json.className == name
    assert json.layers.size() == 31
    assert json.totals.macs == json.layers.sum { it.macs }
    assert json.totals.arenaBytes >= json.totals.arenaLowerBoundBytes
}
for (name in ['com.example.models.Tiny', 'com.example.Half']) {
    def report = new File(basedir, "target/tflite2java/${name}/report.html").absolutePath
    assert lines.any { it == "[INFO] tflite2java: report ${report}".toString() } : "report path of ${name} not logged"
}
assert !lines.any { it.contains('<className>') } : 'real report paths, not a placeholder'
return true
