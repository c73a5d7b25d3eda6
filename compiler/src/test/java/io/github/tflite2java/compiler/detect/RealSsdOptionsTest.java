package io.github.tflite2java.compiler.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.tflite2java.compiler.testing.SharedFiles;
import io.github.tflite2java.compiler.tflite.TflModel;
import io.github.tflite2java.compiler.tflite.TflOperator;
import io.github.tflite2java.compiler.tflite.TflSubGraph;
import io.github.tflite2java.compiler.tflite.TflTensor;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The real SSD MobileNet v2's TFLite_Detection_PostProcess: its options and tensors pass the checks. */
class RealSsdOptionsTest {

  @Test
  void realSsdOperatorParsesAndChecks() throws Exception {
    TflModel model = TflModel.root(Files.readAllBytes(
        SharedFiles.root().resolve("models/real/ssd_mobilenet_v2_coco_quant_postprocess.tflite")));
    TflSubGraph g = model.subgraph(0);
    TflOperator op = null;
    for (int i = 0; i < g.operatorsLength(); i++) {
      if ("TFLite_Detection_PostProcess".equals(model.operatorCode((int) g.operator(i).opcodeIndex()).customCode())) {
        op = g.operator(i);
      }
    }
    assertNotNull(op);
    DetectionOptions o = DetectionOptionsParser.parse(op.customOptions());
    assertEquals("max_detections=20, max_classes_per_detection=1, detections_per_class=0, use_regular_nms=false, "
        + "nms_score_threshold=1.0E-8, nms_iou_threshold=0.6, num_classes=90, y_scale=10.0, x_scale=10.0, "
        + "h_scale=5.0, w_scale=5.0", o.toString());
    assertFalse(o.useRegularNms);
    TflTensor boxes = g.tensor(op.inputs()[0]);
    TflTensor classes = g.tensor(op.inputs()[1]);
    TflTensor anchors = g.tensor(op.inputs()[2]);
    DetectionTensorCheck.check(o, boxes.type(), boxes.shape(), classes.type(), classes.shape(), anchors.type(),
        anchors.shape(), model.buffer((int) anchors.buffer()).dataLength());
    assertEquals(1917, anchors.shape()[0]);
  }
}
