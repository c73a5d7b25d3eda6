package io.github.tflite2java.it.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tflite2java.compiler.testing.Oracles;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The plugin documentation that the maven-plugin module renders on every {@code package}
 * (maven-plugin-report-plugin through maven-site-plugin, into {@code maven-plugin/target/site}):
 * one page per goal of the plugin descriptor, and on it every user-settable parameter with its
 * description, default value and user property.
 *
 * <p>The expectations come from the descriptor ({@code META-INF/maven/plugin.xml}) of the plugin
 * jar on this module's class path, the one the reactor just built; the pages are looked for
 * beside that jar. When the plugin was not packaged in this build (e.g. {@code mvn test}, which
 * puts its {@code target/classes} on the class path) there is nothing to check: the test is
 * skipped, and fails on CI (see {@link Oracles}).
 */
class PluginDocumentationTest {

    private static final String ARTIFACT_ID = "tflite2java-maven-plugin";

    @Test
    void everyGoalAndParameterOfTheDescriptorIsOnTheGeneratedPages() throws Exception {
        URL descriptorUrl = descriptorUrl();
        URLConnection connection = descriptorUrl.openConnection();
        Oracles.require(connection instanceof JarURLConnection,
                "the plugin was not packaged in this build (descriptor " + descriptorUrl + ")",
                "run mvn verify (or package), not mvn test");
        Path jar = Paths.get(((JarURLConnection) connection).getJarFileURL().toURI());
        Path site = jar.getParent().resolve("site");
        assertTrue(Files.isRegularFile(site.resolve("plugin-info.html")),
                "no plugin documentation in " + site
                        + "; the maven-plugin module renders it during package (maven-site-plugin)");

        Element plugin = parse(descriptorUrl);
        String version = text(plugin, "version");
        String prefix = text(plugin, "goalPrefix");
        String info = page(site.resolve("plugin-info.html"));
        assertTrue(info.contains(text(plugin, "requiredMavenVersion")), "required Maven version");

        List<String> goals = new ArrayList<>();
        for (Element mojo : children(child(plugin, "mojos"), "mojo")) {
            String goal = text(mojo, "goal");
            goals.add(goal);
            assertTrue(info.contains(prefix + ":" + goal), "plugin-info.html lists " + goal);
            Path file = site.resolve(goal + "-mojo.html");
            assertTrue(Files.isRegularFile(file), "no page for goal " + goal + ": " + file);
            assertFalse(Files.getLastModifiedTime(file).toMillis() + 2000
                    < Files.getLastModifiedTime(jar).toMillis(), file + " is older than " + jar);
            String html = Files.readString(file, StandardCharsets.UTF_8);
            String page = plain(html);
            assertTrue(page.contains(text(plugin, "groupId") + ":" + ARTIFACT_ID + ":" + version
                    + ":" + goal), goal + "-mojo.html documents this version's goal");
            assertTrue(page.contains(firstWords(text(mojo, "description"))),
                    goal + "-mojo.html has the goal's description");
            checkParameters(goal, mojo, html, page);
        }
        assertEquals(List.of("generate", "help"), sorted(goals));
    }

    /** Every editable parameter of the goal: an anchor, its description, default and property. */
    private static void checkParameters(String goal, Element mojo, String html, String page) {
        List<String> names = new ArrayList<>();
        for (Element p : children(child(mojo, "parameters"), "parameter")) {
            if (!Boolean.parseBoolean(text(p, "editable"))) {
                continue; // read-only (${project} and the like): not settable, not documented
            }
            String name = text(p, "name");
            names.add(name);
            String where = goal + "-mojo.html, parameter " + name;
            String description = text(p, "description");
            assertFalse(description.isBlank(), goal + " parameter " + name + " has no Javadoc");
            assertTrue(html.contains("id=\"" + name + "\""), where + ": no details section");
            assertTrue(page.contains("<" + name + ">"), where + ": not in the summary table");
            assertTrue(page.contains(firstWords(description)), where + ": description missing");
            Element config = child(child(mojo, "configuration"), name);
            if (config != null) {
                String defaultValue = config.getAttribute("default-value");
                if (!defaultValue.isEmpty()) {
                    assertTrue(page.contains("Default: " + defaultValue), where + ": default");
                }
                Matcher property = Pattern.compile("\\$\\{(.+)}").matcher(config.getTextContent());
                if (property.matches()) {
                    assertTrue(page.contains("User Property: " + property.group(1)),
                            where + ": user property");
                }
            }
        }
        assertFalse(names.isEmpty(), goal + " has parameters");
        if (goal.equals("generate")) {
            assertTrue(names.containsAll(List.of("models", "packageName", "outputDirectory",
                    "reportDirectory", "reports", "skip", "tfliteVersion", "limits")),
                    "the descriptor lost parameters: " + names);
            // <model> is a nested type without a page of its own: its fields are documented
            // in the models parameter.
            for (String field : List.of("file", "artifact", "className (required)", "sha256",
                    "labels", "imageHelpers")) {
                assertTrue(page.contains(field + ": "), "generate-mojo.html does not document"
                        + " the <model> field " + field);
            }
            assertFalse(page.contains("See Model."), "dangling reference to the Model class");
            assertTrue(names.contains("rowKernelChannels"), "kernel tuning parameter: " + names);
        }
    }

    private static URL descriptorUrl() throws Exception {
        List<URL> found = new ArrayList<>();
        for (URL url : Collections.list(PluginDocumentationTest.class.getClassLoader()
                .getResources("META-INF/maven/plugin.xml"))) {
            if (ARTIFACT_ID.equals(text(parse(url), "artifactId"))) {
                found.add(url);
            }
        }
        assertEquals(1, found.size(), "the plugin on the test class path: " + found);
        return found.get(0);
    }

    private static Element parse(URL url) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (InputStream in = url.openStream()) {
            Document d = f.newDocumentBuilder().parse(in);
            return d.getDocumentElement();
        }
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && n.getNodeName().equals(name)) {
                return (Element) n;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList all = parent.getChildNodes();
        for (int i = 0; i < all.getLength(); i++) {
            if (all.item(i) instanceof Element && all.item(i).getNodeName().equals(name)) {
                out.add((Element) all.item(i));
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? "" : e.getTextContent().trim();
    }

    private static String page(Path file) throws Exception {
        return plain(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The page's text: tags dropped, entities decoded, white space collapsed. */
    private static String plain(String html) {
        String text = html.replaceAll("(?s)<script.*?</script>", " ").replaceAll("<[^>]*>", " ")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&apos;", "'").replace("&nbsp;", " ")
                .replace("&#160;", " ").replace("&amp;", "&");
        return text.replaceAll("\\s+", " ").replaceAll(" ([.,;:)])", "$1");
    }

    /** The start of a description, up to its first code or link (which the page marks up). */
    private static String firstWords(String description) {
        String d = description.replaceAll("\\s+", " ").trim().replaceAll(" ([.,;:)])", "$1");
        String[] words = d.split(" ");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(6, words.length); i++) {
            sb.append(i == 0 ? "" : " ").append(words[i]);
        }
        return sb.toString();
    }

    private static List<String> sorted(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        Collections.sort(copy);
        return copy;
    }
}
