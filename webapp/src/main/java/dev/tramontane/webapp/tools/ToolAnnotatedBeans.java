package dev.tramontane.webapp.tools;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Every Spring bean with {@code @Tool} methods, as tool callbacks: adding a tool to the application
 * is declaring a bean. Found by the beans' types (no bean is created early to look at it); the
 * callbacks are built once, on first use, after the context has started.
 */
final class ToolAnnotatedBeans implements ToolCallbackProvider {

    private final ConfigurableListableBeanFactory beans;
    private volatile ToolCallback[] callbacks;

    ToolAnnotatedBeans(ConfigurableListableBeanFactory beans) {
        this.beans = beans;
    }

    @Override
    public ToolCallback[] getToolCallbacks() {
        ToolCallback[] found = callbacks;
        if (found == null) {
            synchronized (this) {
                if (callbacks == null) {
                    callbacks = scan();
                }
                found = callbacks;
            }
        }
        return found;
    }

    private ToolCallback[] scan() {
        List<Object> toolBeans = new ArrayList<>();
        for (String name : beans.getBeanDefinitionNames()) {
            Class<?> type = beans.getType(name, false);
            if (type != null && hasToolMethod(ClassUtils.getUserClass(type))) {
                toolBeans.add(beans.getBean(name));
            }
        }
        return toolBeans.isEmpty() ? new ToolCallback[0]
                : MethodToolCallbackProvider.builder().toolObjects(toolBeans.toArray()).build().getToolCallbacks();
    }

    static boolean hasToolMethod(Class<?> type) {
        for (Method m : ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS)) {
            if (AnnotationUtils.findAnnotation(m, Tool.class) != null) {
                return true;
            }
        }
        return false;
    }
}
