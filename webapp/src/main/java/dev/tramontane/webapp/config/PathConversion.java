package dev.tramontane.webapp.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;

/**
 * Binds {@code Path} settings as plain file-system paths. Spring's default conversion goes through
 * its resource loader, which rejects relative paths that climb up ({@code --model ../models/x.gguf})
 * — exactly what people type.
 */
@Configuration(proxyBeanMethods = false)
public class PathConversion {

    @Bean
    @ConfigurationPropertiesBinding
    static Converter<String, Path> fileSystemPathConverter() {
        return new Converter<>() {
            @Override
            public Path convert(String source) {
                return Path.of(source.strip());
            }
        };
    }
}
