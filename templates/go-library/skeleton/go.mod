module github.com/lunarway/${{ values.name }}

go 1.23
