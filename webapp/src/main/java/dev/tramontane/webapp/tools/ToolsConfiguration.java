package dev.tramontane.webapp.tools;

import dev.tramontane.rag.retrieve.HybridRetriever;
import dev.tramontane.tools.builtin.CalculatorTool;
import dev.tramontane.tools.builtin.DateTimeTool;
import dev.tramontane.tools.builtin.SearchDocumentsTool;
import dev.tramontane.tools.builtin.UnitConversionTool;
import dev.tramontane.tools.registry.ToolRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The built-in tools as beans and the {@link ToolRegistry}: every bean with {@code @Tool} methods
 * (on by default), plus the tools of external MCP servers the user configured (off by default:
 * they reach the network; turn them on with {@code tramontane.tools.enabled} or per conversation
 * / request). None of the built-ins touches the filesystem, a shell or the network.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ToolsProperties.class)
public class ToolsConfiguration {

    @Bean
    DateTimeTool dateTimeTool() {
        return new DateTimeTool(Clock.systemUTC());
    }

    @Bean
    CalculatorTool calculatorTool() {
        return new CalculatorTool();
    }

    @Bean
    UnitConversionTool unitConversionTool() {
        return new UnitConversionTool();
    }

    @Bean
    SearchDocumentsTool searchDocumentsTool(HybridRetriever retriever) {
        return new SearchDocumentsTool(retriever);
    }

    @Bean
    ToolRegistry toolRegistry(ConfigurableListableBeanFactory beans, ToolsProperties properties,
            ObjectProvider<ToolCallbackProvider> providers, ObjectProvider<ToolCallback> callbacks) {
        ToolCallbackProvider external = () -> providers.orderedStream()
                .filter(p -> !(p instanceof dev.tramontane.webapp.mcp.ServedTools))
                .flatMap(p -> List.of(p.getToolCallbacks()).stream()).toArray(ToolCallback[]::new);
        ToolCallbackProvider singleCallbacks = () -> callbacks.orderedStream().toArray(ToolCallback[]::new);
        return ToolRegistry.builder().limits(properties.limits())
                .provider(new ToolAnnotatedBeans(beans), true)
                .provider(singleCallbacks, true)
                .provider(external, false)
                .build();
    }
}
