// The README's pom reads the model from the project's models/ folder: put the shared one there
// (in this build's copy under target/it, never in the repository).
def models = new File(basedir, 'models')
models.mkdirs()
def name = 'mobilenet_v1_0.25_128_quant.tflite'
new File(models, name).bytes = new File("${sharedDir}/models/${name}").bytes
return true
