// Installs the real small model as io.github.tflite2java.it.models:mobilenet-tiny:1.0 (type tflite)
// into this sample's local repository, as `mvn install:install-file -Dpackaging=tflite` would.
def dir = new File(localRepositoryPath, 'io/github/tflite2java/it/models/mobilenet-tiny/1.0')
dir.mkdirs()
def model = new File(sharedDir, 'models/mobilenet_v1_0.25_128_quant.tflite')
new File(dir, 'mobilenet-tiny-1.0.tflite').bytes = model.bytes
new File(dir, 'mobilenet-tiny-1.0.pom').text = '''<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.github.tflite2java.it.models</groupId>
  <artifactId>mobilenet-tiny</artifactId>
  <version>1.0</version>
  <packaging>tflite</packaging>
</project>
'''
return true
