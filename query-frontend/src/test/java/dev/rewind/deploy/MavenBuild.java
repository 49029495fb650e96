package dev.rewind.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What the repository's poms say a build makes: the modules, which modules {@code -pl X -am}
 * builds, and the paths under each module's {@code target/} that its {@code package} writes (the
 * jar by its final name, and every folder or file a plugin is told to write under
 * {@code ${project.build.directory}}). Read from the poms, so it holds on a fresh checkout.
 */
final class MavenBuild {
    private static final String BUILD_DIR = "${project.build.directory}/";

    /** A module: its folder, artifactId, the reactor artifacts it depends on, what it writes under target/. */
    record Module(String dir, String artifactId, List<String> reactorDependencies, Set<String> produced) {}

    private final Map<String, Module> byDir = new LinkedHashMap<>();

    MavenBuild(Path root) throws Exception {
        Element rootPom = read(root.resolve("pom.xml"));
        String groupId = text(rootPom, "groupId");
        for (Element m : children(child(rootPom, "modules"), "module")) {
            String dir = m.getTextContent().strip();
            Element pom = read(root.resolve(dir).resolve("pom.xml"));
            String artifactId = text(pom, "artifactId");
            String version = text(pom, "version") != null ? text(pom, "version") : text(child(pom, "parent"), "version");
            List<String> deps = new ArrayList<>();
            for (Element d : children(child(pom, "dependencies"), "dependency")) {
                if (groupId.equals(text(d, "groupId"))) {
                    deps.add(text(d, "artifactId"));
                }
            }
            Set<String> produced = new LinkedHashSet<>();
            Element build = child(pom, "build");
            String finalName = build != null && text(build, "finalName") != null ? text(build, "finalName")
                    : artifactId + "-" + version;
            produced.add("target/" + finalName + ".jar");
            if (build != null) {
                collect(build, produced);
            }
            byDir.put(dir, new Module(dir, artifactId, deps, produced));
        }
    }

    /** Plugins' outputs under the build directory: outputDirectory/outputFile, and a plugin's own finalName. */
    private static void collect(Element el, Set<String> produced) {
        for (Node n = el.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                String name = e.getTagName();
                String value = e.getTextContent().strip();
                if ((name.equals("outputDirectory") || name.equals("outputFile")) && value.startsWith(BUILD_DIR)) {
                    produced.add("target/" + value.substring(BUILD_DIR.length()));
                } else if (name.equals("finalName") && e.getParentNode() != el.getOwnerDocument().getDocumentElement()
                        && !((Element) e.getParentNode()).getTagName().equals("build")) {
                    produced.add("target/" + value + ".jar");
                }
                collect(e, produced);
            }
        }
    }

    Set<String> modules() {
        return byDir.keySet();
    }

    Module module(String dir) {
        return byDir.get(dir);
    }

    /** The folders {@code -pl} builds, with {@code -am} the reactor modules they depend on. */
    Set<String> selected(List<String> projects, boolean alsoMake) {
        Set<String> out = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(projects);
        while (!todo.isEmpty()) {
            String dir = todo.remove(0);
            Module m = byDir.get(dir);
            if (m == null || !out.add(dir) || !alsoMake) {
                continue;
            }
            for (String artifact : m.reactorDependencies()) {
                byDir.values().stream().filter(x -> x.artifactId().equals(artifact)).forEach(x -> todo.add(x.dir()));
            }
        }
        return out;
    }

    /** Whether the module's package writes {@code rel} (under target/), or a folder holding or inside it. */
    boolean produces(String dir, String rel) {
        Module m = byDir.get(dir);
        String path = rel.replaceAll("/+$", "");
        return m != null && m.produced().stream().anyMatch(p -> p.equals(path) || p.startsWith(path + "/")
                || path.startsWith(p + "/"));
    }

    private static Element read(Path pom) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (var in = Files.newInputStream(pom)) {
            return f.newDocumentBuilder().parse(in).getDocumentElement();
        }
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent != null) {
            NodeList list = parent.getChildNodes();
            for (int i = 0; i < list.getLength(); i++) {
                if (list.item(i) instanceof Element e && e.getTagName().equals(name)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }
}
