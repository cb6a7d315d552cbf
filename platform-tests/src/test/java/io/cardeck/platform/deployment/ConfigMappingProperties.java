package io.cardeck.platform.deployment;

import io.smallrye.config.common.utils.StringUtil;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;

/**
 * The configuration properties that a service's compiled classes declare: the members of its
 * {@code @ConfigMapping} interfaces (with their defaults in code, so often absent from
 * application.properties) and the names of {@code @ConfigProperty} injections. Read from the class
 * files with Jandex, so that nothing of the service needs to be loaded.
 */
final class ConfigMappingProperties {

    private static final DotName CONFIG_MAPPING = DotName.createSimple("io.smallrye.config.ConfigMapping");
    private static final DotName CONFIG_PROPERTY = DotName.createSimple("org.eclipse.microprofile.config.inject.ConfigProperty");
    private static final DotName WITH_NAME = DotName.createSimple("io.smallrye.config.WithName");
    private static final DotName WITH_PARENT_NAME = DotName.createSimple("io.smallrye.config.WithParentName");
    private static final DotName OPTIONAL = DotName.createSimple("java.util.Optional");

    private ConfigMappingProperties() {}

    static Set<String> declaredIn(Path classes) throws IOException {
        Index index = index(classes);
        Set<String> properties = new TreeSet<>();
        for (AnnotationInstance mapping : index.getAnnotations(CONFIG_MAPPING)) {
            AnnotationValue prefix = mapping.value("prefix");
            collect(index, mapping.target().asClass(), prefix == null ? "" : prefix.asString(), properties);
        }
        for (AnnotationInstance injection : index.getAnnotations(CONFIG_PROPERTY)) {
            AnnotationValue name = injection.value("name");
            if (name != null && !name.asString().isEmpty()) {
                properties.add(name.asString());
            }
        }
        return properties;
    }

    private static Index index(Path classes) throws IOException {
        Indexer indexer = new Indexer();
        List<Path> classFiles;
        try (Stream<Path> paths = Files.walk(classes)) {
            classFiles = paths.filter(path -> path.toString().endsWith(".class")).toList();
        }
        for (Path classFile : classFiles) {
            try (InputStream in = Files.newInputStream(classFile)) {
                indexer.index(in);
            }
        }
        return indexer.complete();
    }

    /** SmallRye's rules: a member's name in kebab case unless renamed; a group member nests its members. */
    private static void collect(Index index, ClassInfo mapping, String prefix, Set<String> properties) {
        for (MethodInfo member : mapping.methods()) {
            if (Modifier.isStatic(member.flags()) || member.isDefault() || member.isSynthetic() || member.parametersCount() > 0) {
                continue;
            }
            String path = join(prefix, memberName(member));
            ClassInfo group = groupOf(index, member.returnType());
            if (group == null) {
                properties.add(path);
            } else {
                collect(index, group, path, properties);
            }
        }
        for (DotName parent : mapping.interfaceNames()) {
            ClassInfo inherited = index.getClassByName(parent);
            if (inherited != null) {
                collect(index, inherited, prefix, properties);
            }
        }
    }

    private static String memberName(MethodInfo member) {
        if (member.declaredAnnotation(WITH_PARENT_NAME) != null) {
            return "";
        }
        AnnotationInstance renamed = member.declaredAnnotation(WITH_NAME);
        return renamed != null ? renamed.value().asString() : StringUtil.skewer(member.name());
    }

    /** The interface of a nested group (plain or Optional), or null for a leaf value. */
    private static ClassInfo groupOf(Index index, Type type) {
        Type valueType = type.kind() == Type.Kind.PARAMETERIZED_TYPE && type.name().equals(OPTIONAL)
                ? type.asParameterizedType().arguments().get(0)
                : type;
        ClassInfo declared = index.getClassByName(valueType.name());
        return declared != null && declared.isInterface() ? declared : null;
    }

    private static String join(String prefix, String name) {
        if (prefix.isEmpty()) {
            return name;
        }
        return name.isEmpty() ? prefix : prefix + "." + name;
    }
}
