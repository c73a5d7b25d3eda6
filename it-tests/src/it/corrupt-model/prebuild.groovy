// Writes 2 KiB of (seeded) random bytes where the sample expects its model: not a TFLite file.
def model = new File(basedir, 'src/main/tflite/corrupt.tflite')
model.parentFile.mkdirs()
def bytes = new byte[2048]
new Random(20240601L).nextBytes(bytes)
model.bytes = bytes
return true
